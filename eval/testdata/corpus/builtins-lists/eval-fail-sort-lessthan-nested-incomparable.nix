builtins.sort builtins.lessThan [ [ 2 ] [ 1 { } ] [ 1 { x = 1; } ] ]
