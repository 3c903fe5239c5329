builtins.add 2 0.5
