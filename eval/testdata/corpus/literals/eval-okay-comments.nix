# line comment
1 /* block
comment */ + /* inline */ 2 # trailing
