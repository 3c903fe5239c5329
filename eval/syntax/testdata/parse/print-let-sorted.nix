a: let inherit (a) y x; z = 1; inherit a; b = 2; inherit (a) c; in z
