a: { a.b = 1; inherit a; }
