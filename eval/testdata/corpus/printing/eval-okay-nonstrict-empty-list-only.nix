let x = 1; in { a = [ 1 ]; b = [ ]; c = { }; d = let in [ ]; e = [ [ ] ]; f = x; g = (([ ])); h = ""; }
