map (x: x.n) (builtins.sort (a: b: a.k <= b.k) (builtins.genList (i: { k = builtins.bitAnd i 1; n = i; }) 20))
