let l = [ 1 (builtins.head l) ]; in l
