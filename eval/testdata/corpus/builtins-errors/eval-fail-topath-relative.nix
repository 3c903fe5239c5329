# a path argument that is not absolute: the frame names the argument
builtins.toPath "relative/path"
