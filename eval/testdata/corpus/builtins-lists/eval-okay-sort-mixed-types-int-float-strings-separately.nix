[ (builtins.sort builtins.lessThan [ 2 1.5 1 ]) (builtins.sort builtins.lessThan [ "b" "a" ]) ]
