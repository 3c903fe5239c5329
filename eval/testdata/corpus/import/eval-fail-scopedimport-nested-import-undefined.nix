scopedImport { foo = 1; bar = 1; } ./lib/scoped-import-import.nix
