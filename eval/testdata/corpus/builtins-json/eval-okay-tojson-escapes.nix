builtins.toJSON { "k\b" = "\t\n\r \"\\ / é ✓"; }
