builtins.length (builtins.partition (x: builtins.isInt 0) [ (throw "x") ]).right
