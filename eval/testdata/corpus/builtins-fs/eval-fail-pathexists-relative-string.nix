builtins.pathExists "data"
