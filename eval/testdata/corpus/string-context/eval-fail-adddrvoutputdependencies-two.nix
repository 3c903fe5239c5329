let d = derivation { name = "a"; builder = "b"; system = "x"; }; in builtins.addDrvOutputDependencies "${d.drvPath}${d.outPath}"
