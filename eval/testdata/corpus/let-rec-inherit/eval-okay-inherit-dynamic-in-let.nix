let s = { x = 1; }; in let inherit (s) x; in x
