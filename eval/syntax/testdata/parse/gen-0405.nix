with {}; if http://u.v/w { } / !1.5 - rec { b = [  ] * -0.1 / -./p.${a} /abs true or <= 2.; b = __curPos || -"s${a}" http://u.v/w == -.5 ''
  l1
    ${x}
  '' 1.5; } (if 0.1.${"s"} null then "s$$".c or ''
  l1
    '''
  '' /abs.b."t${b}" a.b.or ? ${a}.or."t${b}" else null.${"s"}.c.a or "s${a}" ''
  l1
    ''$
  '' http://u.v/w > -''
  l1
    ${x}
  ''.c."t${b}"."t${b}" or 1.5 f "s" // !15.c.${a} / -http://u.v/w 19) then let or.${a} = x: with ./p ++ a/b "s${a}" 1.5 <= 1e3.c "s\n".${"s"}.${a}.${"s"} or ~/h 1.5 / !''
  l1
    '''
  ''; .5; or.${"s"} = <n/p> ./p __curPos == -[ "s" x http://u.v/w ]."t${b}" or "s\n"; in __curPos."t${b}"."t${b}" { }."t${b}" <= { "t${b}".or.c = http://u.v/w null b * !b "s" ''
  l1
    ${x}
  '' * -"s${a}"; "t${b}" = a "s${ "q" }t" && .5.${a} ? ${a}.b.${a}; } - -{ or."t${b}" = "s\n" .5 or ''
  l1
    ''$
  ''."t${b}" or ''
  l1
    '''
  '' ? a.b; ${"s"}.${a}.${a} = x; } else [  ] 1.5 [ { inherit (x) c or; "q r"."t${b}".${a} = 1 null true; } or ] + ~/h / !((-[ "s$$" http://u.v/w ''
  l1
    '''
  '' ] <n/p>.b."q r"."t${b}" ? "t${b}".or.b) "s$$") http://u.v/w < !77
