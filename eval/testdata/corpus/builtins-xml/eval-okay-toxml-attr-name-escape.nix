builtins.toXML { "a<b" = 1; "q\"" = 2; }
