import ./lib/data.json.nix
