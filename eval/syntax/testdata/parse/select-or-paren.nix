a: (a.b or 1).c
