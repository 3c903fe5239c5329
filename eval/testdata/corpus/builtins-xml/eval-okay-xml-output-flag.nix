{ a = [ 1 "s" ]; b = null; }
