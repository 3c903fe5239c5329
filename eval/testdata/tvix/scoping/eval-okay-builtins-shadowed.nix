let builtins = { map = 42; }; in builtins.map
