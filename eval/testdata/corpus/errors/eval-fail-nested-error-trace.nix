let f = x: x.y; in f { }
