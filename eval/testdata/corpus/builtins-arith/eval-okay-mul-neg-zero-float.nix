builtins.mul 0.0 (-1)
