let pair = a: b: { inherit a b; }; xs = map (i: pair i (i * 10)) [ 1 2 3 ]; in map (p: p.a + p.b) xs
