builtins.typeOf (1 + 1)
