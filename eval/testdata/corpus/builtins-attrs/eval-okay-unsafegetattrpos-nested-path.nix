let p = builtins.unsafeGetAttrPos "b" { a = 0; b.c = 1; }; in [ p.line p.column ]
