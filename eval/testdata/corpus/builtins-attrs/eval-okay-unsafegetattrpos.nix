let p = builtins.unsafeGetAttrPos "b" { a = 1;
  b = 2; }; in { file = baseNameOf p.file; inherit (p) line column; }
