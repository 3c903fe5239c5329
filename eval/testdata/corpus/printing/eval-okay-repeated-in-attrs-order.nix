let x = [ 1 ]; in { b = x; a = x; }
