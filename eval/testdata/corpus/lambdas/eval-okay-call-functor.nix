let f = { __functor = self: x: self.n + x; n = 10; }; in f 5
