(import ./lib/returns-curpos-line.nix).p.line
