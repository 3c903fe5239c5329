let p = import ./lib/curpos.nix; in [ (baseNameOf p.file) p.line p.column ]
