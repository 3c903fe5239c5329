[ (toString [ 1 2 ]) (toString [ ]) (toString [ [ 1 [ 2 ] ] "a" ]) (toString [ null true false 1.5 ]) ]
