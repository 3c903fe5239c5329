[ (builtins.sub 10 3) (builtins.mul 6 7) (builtins.div 9 2) (builtins.add 1 2) ]
