let x = "a"; y = "b"; in { a.b.c = 1; }.${x}.${y}.c
