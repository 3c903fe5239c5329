builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; args = [ "x" { } ]; }
