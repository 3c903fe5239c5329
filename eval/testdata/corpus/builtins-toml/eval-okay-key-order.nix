builtins.attrNames (builtins.fromTOML "z = 1\na = 2\nm = 3")
