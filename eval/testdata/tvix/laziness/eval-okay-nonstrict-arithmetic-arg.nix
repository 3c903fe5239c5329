let f = x: { inherit x; y = x + 1; }; n = 4; in f (n * 2)
