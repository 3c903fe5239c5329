let a = { b = 1; }; in let inherit (a) b; c = b + 1; in c
