# each result of the function is forced as the fold goes
builtins.tryEval (builtins.foldl' (acc: x: x) 0 [ (throw "first") 2 ])
