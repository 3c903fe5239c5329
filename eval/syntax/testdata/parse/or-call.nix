or: f: x: (f x or)
