[ (builtins.bitAnd 12 10) (builtins.bitAnd (-1) 255) (builtins.bitAnd 0 5) ]
