let mk = n: x: n + x; add2 = mk 2; in add2 40
