builtins.tryEval
