import { outPath = ./lib/value.nix; }
