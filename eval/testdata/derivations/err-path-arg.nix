builtins.path { path = ./files/tree; recursve = false; }
