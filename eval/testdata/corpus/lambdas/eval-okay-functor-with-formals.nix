let f = { __functor = self: { x }: x * self.k; k = 3; }; in f { x = 2; }
