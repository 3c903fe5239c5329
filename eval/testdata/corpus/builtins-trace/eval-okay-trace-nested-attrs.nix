builtins.trace { a = { b = [ 1 ]; }; } 0
