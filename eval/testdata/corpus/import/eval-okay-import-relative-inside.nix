(import ./lib/uses-relative.nix).y
