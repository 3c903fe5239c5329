builtins.toXML [ true false null ]
