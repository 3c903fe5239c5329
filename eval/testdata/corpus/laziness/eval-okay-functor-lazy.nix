let f = { __functor = self: x: 1; bad = throw "x"; }; in f 1
