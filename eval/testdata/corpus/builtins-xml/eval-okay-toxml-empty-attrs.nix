builtins.toXML { }
