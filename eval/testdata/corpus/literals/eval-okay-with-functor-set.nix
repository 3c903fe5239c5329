with { __functor = s: x: x; y = 1; }; y
