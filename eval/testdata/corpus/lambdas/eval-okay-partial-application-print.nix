let f = a: b: a; in builtins.isFunction (f 1)
