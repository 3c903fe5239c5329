let f = { __functor = self: x: x.y; }; in f { }
