a/b/c.nix
