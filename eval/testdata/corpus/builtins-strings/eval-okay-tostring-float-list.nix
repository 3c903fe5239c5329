toString [ 0.1 2.0 ]
