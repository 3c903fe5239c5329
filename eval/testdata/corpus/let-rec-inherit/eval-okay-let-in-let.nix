let a = let b = 1; in b + 1; in a
