let p = builtins.unsafeGetAttrPos "a" (builtins.listToAttrs [ { name = "a"; value = 1; } ]); in [ (baseNameOf p.file) p.line p.column ]
