let a = import ./lib/import-self-count.nix; b = import ./lib/import-self-count.nix; in a + b
