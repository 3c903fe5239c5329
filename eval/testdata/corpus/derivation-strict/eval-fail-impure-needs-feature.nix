# __impure = true needs the impure-derivations experimental feature.
builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; __impure = true; }
