a: with a; b
