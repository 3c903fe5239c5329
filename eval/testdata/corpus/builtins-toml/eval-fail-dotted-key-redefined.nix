builtins.fromTOML "a.b = 1\na.b = 2"
