builtins.convertHash { hash = builtins.hashString "sha256" "abc"; toHashFormat = "sri"; }
