let x = { a = 1; }; in builtins.toXML [ x x ]
