builtins.isAttrs { __functor = s: x: x; }
