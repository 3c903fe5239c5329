builtins.toXML 1
