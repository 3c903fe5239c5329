let x = 7; in rec { inherit x; y = x + 1; }
