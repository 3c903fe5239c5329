builtins.toXML { f = { a ? 1 }@x: a; }
