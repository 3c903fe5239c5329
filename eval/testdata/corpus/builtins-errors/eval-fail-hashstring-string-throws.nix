builtins.hashString "sha256" (throw "nothing to hash")
