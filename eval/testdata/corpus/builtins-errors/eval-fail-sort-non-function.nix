builtins.sort 1 [ 2 1 ]
