rec { a.b = 1; a = { c = 2; }; }
