let s = { a = 1; }; in with s; with { b = a; }; b
