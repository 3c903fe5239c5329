builtins.toJSON { "Ã" = 1; }
