f: a: c: f a.b c
