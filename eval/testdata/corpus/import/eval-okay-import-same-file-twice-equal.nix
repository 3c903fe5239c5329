(import ./lib/value.nix) == (import ./lib/value.nix)
