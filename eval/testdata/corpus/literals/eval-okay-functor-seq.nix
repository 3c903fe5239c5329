builtins.isFunction (builtins.seq 1 (x: x))
