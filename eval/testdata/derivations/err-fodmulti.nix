derivation { name = "a"; system = "x"; builder = "/bin/sh"; outputs = [ "out" "dev" ]; outputHash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; }
