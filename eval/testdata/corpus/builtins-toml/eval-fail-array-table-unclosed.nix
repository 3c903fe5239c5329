builtins.fromTOML "[[a]"
