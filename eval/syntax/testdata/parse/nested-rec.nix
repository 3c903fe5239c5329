{ a = rec { c = 2; }; a.b = 1; }
