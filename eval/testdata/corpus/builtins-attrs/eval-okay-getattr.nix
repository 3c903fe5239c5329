builtins.getAttr "x" { x = 5; }
