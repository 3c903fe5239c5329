builtins.unsafeGetAttrPos 1 { }
