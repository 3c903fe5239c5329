builtins.pathExists (toString ./empty + "/../empty")
