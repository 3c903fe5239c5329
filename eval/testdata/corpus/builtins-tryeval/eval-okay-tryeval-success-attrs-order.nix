builtins.attrNames (builtins.tryEval 1)
