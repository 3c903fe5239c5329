builtins.filter (x: builtins.bitAnd x 1 == 0) (builtins.genList (i: i) 10)
