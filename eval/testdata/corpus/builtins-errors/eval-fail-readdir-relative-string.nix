builtins.readDir "data"
