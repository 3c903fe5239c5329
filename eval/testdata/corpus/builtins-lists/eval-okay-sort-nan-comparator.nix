let nan = (1.0e308 * 10) - (1.0e308 * 10); in builtins.sort builtins.lessThan [ 3.0 nan 1.0 2.0 nan 0.5 ]
