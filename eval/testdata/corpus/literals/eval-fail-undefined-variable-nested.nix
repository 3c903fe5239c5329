let f = x: y; in f 1
