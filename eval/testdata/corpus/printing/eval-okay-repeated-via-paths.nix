let s = { v = { w = 1; }; }; in [ s.v s ]
