builtins.foldl' (a: b: a) 0 1
