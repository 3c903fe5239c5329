builtins.elemAt (builtins.genList (i: i * 2) 1000) 999
