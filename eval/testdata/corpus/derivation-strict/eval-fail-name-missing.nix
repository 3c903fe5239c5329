builtins.derivationStrict { builder = "b"; system = "c"; }
