builtins.length (builtins.partition (x: true) [ (throw "x") ]).right
