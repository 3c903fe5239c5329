builtins.foldl' (throw "no function") 0 [ 1 ]
