builtins.tryEval ((/foo + 1) == 1)
