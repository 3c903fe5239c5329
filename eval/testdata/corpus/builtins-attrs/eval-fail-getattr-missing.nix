builtins.getAttr "y" { x = 5; }
