derivation { name = "a"; system = "x"; builder = "/bin/sh"; outputHash = "abc"; outputHashMode = "foo"; }
