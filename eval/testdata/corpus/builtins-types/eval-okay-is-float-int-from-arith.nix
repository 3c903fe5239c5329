[ (builtins.isFloat (1 + 0.0)) (builtins.isInt (2 * 3)) (builtins.isFloat (builtins.div 6 3)) (builtins.isFloat (builtins.div 6.0 3)) ]
