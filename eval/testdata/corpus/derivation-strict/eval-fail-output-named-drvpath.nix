# Nix 2.26 refuses an output named drvPath (the attribute of the result).
builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; outputs = [ "out" "drvPath" ]; }
