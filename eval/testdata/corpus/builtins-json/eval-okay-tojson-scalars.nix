map builtins.toJSON [ 1 (-1) true false null "s" ]
