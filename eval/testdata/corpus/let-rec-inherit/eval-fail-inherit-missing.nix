let s = { x = 1; }; in { inherit (s) y; }.y
