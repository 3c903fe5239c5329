builtins.readDir ./links
