let unused = import ./lib/missing.nix; in 1
