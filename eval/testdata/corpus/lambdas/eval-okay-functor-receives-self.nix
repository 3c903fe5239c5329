let f = { __functor = self: x: builtins.attrNames self; v = 1; }; in f 0
