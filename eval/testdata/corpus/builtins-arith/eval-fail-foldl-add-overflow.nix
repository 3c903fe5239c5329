builtins.foldl' builtins.add 0 [ 9223372036854775807 1 ]
