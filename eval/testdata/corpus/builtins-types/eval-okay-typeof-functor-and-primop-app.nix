[ (builtins.typeOf { __functor = s: x: x; }) (builtins.typeOf (builtins.map (x: x))) ]
