derivation { name = "a"; system = "x"; }
