builtins.foldl' (acc: x: acc + 1) 0 [ (throw "a") (throw "b") ]
