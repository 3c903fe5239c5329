let
	a = __curPos; b = "é${toString __curPos.column}"; c = ''
  x ${toString __curPos.column}
  '';
 d = __curPos; e = __curPos;

 f = __curPos;
  s = { g = 1; "h i" = 2; j.k = 3; inherit a; };
  at = n: let p = builtins.unsafeGetAttrPos n s; in [ p.line p.column ];
in [ [ a.line a.column ] b c [ d.line d.column ] [ e.line e.column ] [ f.line f.column ] (at "g") (at "h i") (at "j") (at "a") ]
