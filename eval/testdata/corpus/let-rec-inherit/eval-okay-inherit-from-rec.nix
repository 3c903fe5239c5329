let s = rec { a = 1; b = a + 1; }; in { inherit (s) b; }
