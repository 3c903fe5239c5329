let or = 1; in f: x: (f x or)
