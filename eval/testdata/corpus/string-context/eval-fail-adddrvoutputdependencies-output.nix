builtins.addDrvOutputDependencies (derivation { name = "a"; builder = "b"; system = "x"; }).outPath
