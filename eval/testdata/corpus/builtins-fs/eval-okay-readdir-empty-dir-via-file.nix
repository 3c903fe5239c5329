builtins.attrNames (builtins.readDir ./empty)
