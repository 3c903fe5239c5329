import ./value.nix
