builtins.getAttr "x y" { }
