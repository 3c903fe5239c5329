let x = [ 1 ]; in { a = [ x ]; b = [ x ]; }
