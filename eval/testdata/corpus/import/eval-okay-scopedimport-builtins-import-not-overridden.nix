(scopedImport { import = x: "hijacked"; } ./lib/uses-builtins-import.nix).x
