let f = x: x; in builtins.length [ f 1 ]
