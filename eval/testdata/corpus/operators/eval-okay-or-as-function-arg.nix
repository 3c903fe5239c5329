let f = x: x; or = 2; in f or
