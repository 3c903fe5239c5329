builtins.derivationStrict { name = 1; builder = "b"; system = "c"; }
