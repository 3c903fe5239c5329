builtins.toJSON { b = [ 1 { c = null; } ]; a = "x"; }
