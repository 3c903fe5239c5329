{ outPath = "a"; x = 1; } == { outPath = "a"; x = 2; }
