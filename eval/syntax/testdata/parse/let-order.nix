let zz = 1; name = 2; b = 3; type = 4; x = 5; in x
