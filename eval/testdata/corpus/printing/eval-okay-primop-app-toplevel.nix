builtins.add 1
