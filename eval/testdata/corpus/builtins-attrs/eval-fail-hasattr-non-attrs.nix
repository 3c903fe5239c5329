builtins.hasAttr "x" 1
