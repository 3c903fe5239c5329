builtins.trace 5 null
