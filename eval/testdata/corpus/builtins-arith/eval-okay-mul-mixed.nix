builtins.mul 3 1.5
