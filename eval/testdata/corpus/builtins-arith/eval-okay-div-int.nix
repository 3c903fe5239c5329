[ (builtins.div 7 2) (builtins.div (-7) 2) (builtins.div 6 3) ]
