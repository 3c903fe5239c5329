builtins.toXML [ 1.5 0.1 1.0e20 ]
