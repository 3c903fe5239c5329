builtins.sort (a: b: builtins.bitAnd (a * 7 + b * 13) 3 == 0) (builtins.genList (i: builtins.bitAnd (i * 37) 15) 40)
