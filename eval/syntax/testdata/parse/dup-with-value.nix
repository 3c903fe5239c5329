x: { a = with x; { b = 1; }; a.c = 1; }
