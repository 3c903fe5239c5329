let a = { b = 1; }; in a // 2
