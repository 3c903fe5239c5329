[ (builtins.bitAnd (-5) 3) (builtins.bitOr (-5) 3) (builtins.bitXor (-5) 3) ]
