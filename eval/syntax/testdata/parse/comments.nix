# hello
/* block */ 1 /* x */ + # y
2
