let n = 1; in { a = 1; }.${n}
