builtins.genericClosure { startSet = { }; operator = x: [ ]; }
