# Nix 2.26's message (2.8 said "not allowed to end in '.drv'").
builtins.derivationStrict { name = "a.drv"; system = "x"; builder = "/bin/sh"; }
