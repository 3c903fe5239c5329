builtins.sort (a: b: false) [ 3 1 2 ]
