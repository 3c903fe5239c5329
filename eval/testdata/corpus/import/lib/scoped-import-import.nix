import ./scoped.nix
