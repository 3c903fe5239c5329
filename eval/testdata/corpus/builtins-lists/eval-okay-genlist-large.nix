builtins.length (builtins.genList (i: i) 100000)
