let s = { f = x: x; }; in [ (s == s) ({ inherit (s) f; } == { inherit (s) f; }) ]
