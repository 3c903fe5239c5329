builtins.tryEval ({ __functor = s: x: throw "f"; } 1)
