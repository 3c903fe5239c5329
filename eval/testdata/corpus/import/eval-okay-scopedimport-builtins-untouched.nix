scopedImport { } ./lib/scoped-builtins.nix
