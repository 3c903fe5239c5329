builtins.isNull null
