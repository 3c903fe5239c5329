builtins.genericClosure { startSet = [ { key = 1; } ]; operator = throw "forced"; }
