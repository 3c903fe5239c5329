builtins.addDrvOutputDependencies ./fixed-content.txt
