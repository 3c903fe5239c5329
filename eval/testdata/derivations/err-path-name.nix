builtins.path { path = ./files/tree; name = "a b"; }
