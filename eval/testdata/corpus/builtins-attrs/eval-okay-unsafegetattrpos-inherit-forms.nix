let
  x = 1;
  s = { a = 1; };
  pos = n: set: let p = builtins.unsafeGetAttrPos n set; in [ p.line p.column ];
in
[
  (pos "x" { inherit x; })
  (pos "a" { inherit (s) a; })
  (pos "x" {
    inherit
      x;
  })
  (pos "a" { inherit (s)   a ; })
  (pos "x" rec { inherit x; y = x; })
]
