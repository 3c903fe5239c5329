let a = import ./lib; b = import ./lib/default.nix; in [ (a == b) ]
