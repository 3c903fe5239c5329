{ a = null; b = true; c = builtins.null; }
