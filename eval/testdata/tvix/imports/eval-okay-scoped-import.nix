let f = builtins.toFile or null; in (scopedImport { x = 7; } ./scoped.nix)
