x: { inherit (x) "a b" "if" c; }
