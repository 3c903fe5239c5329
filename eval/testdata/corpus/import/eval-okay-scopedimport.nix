scopedImport { foo = "F"; bar = 1; } ./lib/scoped.nix
