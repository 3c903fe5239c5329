builtins.genericClosure { startSet = [ { key = 1; extra = "x"; } ]; operator = x: [ ]; }
