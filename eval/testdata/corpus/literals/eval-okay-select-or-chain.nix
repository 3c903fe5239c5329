let s = { a = { }; }; in s.a.b or s.c or "last"
