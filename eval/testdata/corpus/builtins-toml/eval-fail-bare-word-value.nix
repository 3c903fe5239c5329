builtins.fromTOML "a = b"
