let f = { __functor = self: x: x + self.n; n = 5; }; in [ (f 1) (builtins.isFunction f) (builtins.map f [ 1 2 ]) ]
