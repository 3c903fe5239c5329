builtins.genericClosure { startSet = [ { key = 1; } 2 ]; operator = x: [ ]; }
