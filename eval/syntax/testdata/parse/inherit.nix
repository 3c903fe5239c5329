x: y: { inherit x; inherit (y) z w; }
