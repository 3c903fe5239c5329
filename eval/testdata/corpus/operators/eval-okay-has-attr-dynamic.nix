let n = "x"; in { x = 1; } ? ${n}
