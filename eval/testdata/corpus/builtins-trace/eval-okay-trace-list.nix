builtins.trace [ 1 "a" ] true
