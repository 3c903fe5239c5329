builtins.tryEval { }.a
