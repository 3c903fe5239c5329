builtins.hasAttr 1 { }
