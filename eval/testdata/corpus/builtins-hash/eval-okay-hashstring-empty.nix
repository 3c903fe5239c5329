builtins.hashString "sha256" ""
