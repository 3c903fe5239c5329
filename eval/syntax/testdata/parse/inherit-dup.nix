x: { inherit x x; }
