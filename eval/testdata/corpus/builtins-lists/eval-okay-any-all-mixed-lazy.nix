[ (builtins.any (x: x > 1) [ 0 1 2 (throw "x") ]) (builtins.all (x: x < 1) [ 0 1 (throw "x") ]) ]
