let xs = [ 1 ] ++ xs; in builtins.length xs
