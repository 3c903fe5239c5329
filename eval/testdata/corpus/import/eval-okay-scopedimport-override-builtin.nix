scopedImport { toString = x: "overridden"; } ./lib/uses-tostring.nix
