let x = 1; p = builtins.unsafeGetAttrPos "x" { inherit x; }; in [ p.line p.column ]
