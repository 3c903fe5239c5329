a: [ a.b a.b.c a."b c" a.${"x"} (a.b or 1) (a.b.c or a.d or 2) a.or ]
