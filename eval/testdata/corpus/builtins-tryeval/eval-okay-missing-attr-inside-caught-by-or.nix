builtins.tryEval ({ }.a or 1)
