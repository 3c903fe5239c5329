let h = builtins.hashString "sha256" "abc"; in
map (f: builtins.convertHash { hash = h; hashAlgo = "sha256"; toHashFormat = f; }) [ "base16" "nix32" "base32" "base64" "sri" ]
++ [ (builtins.convertHash { hash = "sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0="; toHashFormat = "nix32"; }) ]
