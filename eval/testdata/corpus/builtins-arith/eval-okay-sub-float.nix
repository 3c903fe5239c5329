builtins.sub 1 0.25
