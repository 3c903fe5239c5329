builtins.tryEval ("a" + 1)
