let f = x: x; g = f; in [ ([ f ] == [ g ]) (f == g) ]
