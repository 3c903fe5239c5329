(a: b: a - b) 10 3
