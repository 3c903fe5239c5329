baseNameOf ./foo/bar.nix
