builtins.toFile "x" "${derivation { name = "a"; system = "x"; builder = "/bin/sh"; }}"
