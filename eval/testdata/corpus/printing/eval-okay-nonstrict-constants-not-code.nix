{ a = 1; b = "s"; c = null; d = true; e = 1.5; f = [ ]; g = { }; }
