builtins.toXML { __functor = s: x: x; }
