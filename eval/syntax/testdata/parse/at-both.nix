a @ { b } @ c: a
