[ (builtins.lessThan 1 1.0) (builtins.lessThan 1.0 1) ]
