a: f: a.b or f 1
