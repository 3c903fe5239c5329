a: b: q: { inherit (b) z; inherit (a) y x; inherit q; ${q} = 2; a.b = 1; a.c = 2; inherit (b) w; m = 0; "${q}x" = 3; }
