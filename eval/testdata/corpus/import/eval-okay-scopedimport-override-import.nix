scopedImport { import = x: "hijacked"; } ./lib/uses-import.nix
