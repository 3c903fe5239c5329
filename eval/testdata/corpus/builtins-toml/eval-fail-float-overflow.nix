builtins.fromTOML "a = 1e999"
