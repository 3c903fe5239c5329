a: b: a * b
