builtins.import ./value.nix
