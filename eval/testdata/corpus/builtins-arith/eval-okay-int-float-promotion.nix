[ (1 + 1.0) (2 * 2.0) (builtins.typeOf (1 + 1.0)) ]
