builtins.readFile ./data/empty.nix
