builtins.fromTOML ''"a\u0000" = 1''
