builtins.length (map (x: throw "unused") [ 1 2 3 ])
