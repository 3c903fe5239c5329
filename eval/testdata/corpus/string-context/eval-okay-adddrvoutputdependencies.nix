# addDrvOutputDependencies undoes unsafeDiscardOutputDependency and is
# idempotent.
let
  drv = derivation { name = "a"; builder = "b"; system = "x"; };
  plain = builtins.unsafeDiscardOutputDependency drv.drvPath;
  ctx = s: builtins.attrValues (builtins.getContext s);
in
[ (ctx plain) (ctx (builtins.addDrvOutputDependencies plain)) (ctx (builtins.addDrvOutputDependencies drv.drvPath)) (builtins.addDrvOutputDependencies plain == drv.drvPath) ]
