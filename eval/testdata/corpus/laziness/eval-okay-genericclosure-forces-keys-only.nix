builtins.length (builtins.genericClosure { startSet = [ { key = 1; v = throw "x"; } ]; operator = x: [ ]; })
