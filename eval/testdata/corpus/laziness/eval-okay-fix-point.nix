let fix = f: let x = f x; in x; in (fix (s: { a = 1; b = s.a + 10; c = s.b * 2; })).c
