a: b: c: with a; with b; c
