let f = x: x; a = { g = f; }; in [ (a.g == a.g) ([ a.g ] == [ a.g ]) ([ a ] == [ a ]) ]
