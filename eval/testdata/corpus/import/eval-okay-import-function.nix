import ./lib/function.nix 6 7
