builtins.sort (a: b: a.k < b.k) (map (k: { inherit k; }) [ 5 3 9 1 3 ])
