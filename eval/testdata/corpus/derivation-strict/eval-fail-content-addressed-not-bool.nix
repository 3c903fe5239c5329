builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; __contentAddressed = "true"; }
