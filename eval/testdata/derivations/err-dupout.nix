derivation { name = "a"; system = "x"; builder = "/bin/sh"; outputs = [ "out" "out" ]; }
