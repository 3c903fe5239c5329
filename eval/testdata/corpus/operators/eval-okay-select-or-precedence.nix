let x = { }; in [ (x.a or 1 + 1) ]
