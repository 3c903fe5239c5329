let f = x: x; s = { g = f; }; in s.g 3
