builtins.foldl' (a: b: throw "no") 42 [ ]
