builtins.addDrvOutputDependencies "x"
