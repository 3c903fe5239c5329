builtins.length (builtins.partition (x: true) [ 1 (throw "x") ]).right
