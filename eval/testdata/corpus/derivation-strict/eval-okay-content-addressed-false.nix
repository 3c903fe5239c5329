# false is allowed and goes into the environment as "".
baseNameOf (builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; __contentAddressed = false; __impure = false; }).drvPath
