let f = throw "no function"; in builtins.map f [ 1 2 ]
