builtins.tryEval (builtins.getAttr "x" { })
