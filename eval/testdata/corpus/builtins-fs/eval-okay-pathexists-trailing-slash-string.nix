builtins.pathExists (toString ./empty + "/")
