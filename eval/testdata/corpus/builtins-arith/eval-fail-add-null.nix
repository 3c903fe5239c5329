builtins.add 1 null
