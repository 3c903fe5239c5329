[ ({ type = "derivation"; outPath = "x"; a = 1; } == { type = "derivation"; outPath = "x"; a = 2; }) ({ a = 1; } == { a = 1.0; }) ]
