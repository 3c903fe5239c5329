let f = { __functor = self: 5; }; in builtins.tryEval (f 1)
