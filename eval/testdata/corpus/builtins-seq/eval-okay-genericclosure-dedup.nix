builtins.genericClosure { startSet = [ { key = 1; } { key = 1; v = "dup"; } ]; operator = x: [ { key = 2; } { key = 1; v = "again"; } ]; }
