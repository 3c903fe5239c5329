builtins.any (x: 1) [ 1 ]
