# the initial accumulator is forced only when it is the result
builtins.foldl' (acc: x: x) (abort "never forced") [ 1 2 3 ]
