builtins.trace (1 + 1) 0
