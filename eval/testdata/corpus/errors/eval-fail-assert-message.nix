let x = 1; in assert x > 5; x
