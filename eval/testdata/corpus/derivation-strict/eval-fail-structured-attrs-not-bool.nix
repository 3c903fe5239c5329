builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; __structuredAttrs = 1; }
