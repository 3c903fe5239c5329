# Builtins that need an experimental feature are absent without it.
map (n: builtins ? ${n}) [ "fetchTree" "getFlake" "fetchClosure" "outputOf" "parseFlakeRef" "flakeRefToString" "addDrvOutputDependencies" "break" ]
