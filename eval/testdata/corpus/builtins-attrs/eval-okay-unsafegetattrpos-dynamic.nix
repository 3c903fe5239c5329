let p = builtins.unsafeGetAttrPos "d" { ${"d"} = 1; }; in [ p.line p.column ]
