with {}; -http://u.v/w (if x: [ ''
  l1
    '''
  ''."t${b}" 1e3 ] then with let a = if ''
  l1
    ${x}
  '' then "s\n".a.a else ''
  l1
    l2
  ''; in -http://u.v/w."t${b}".c.b 86 1e3 / -4; 0.1 ~/h 17.c.${"s"}.or else args@{ name, ... }: { }.or 89 // !http://u.v/w.c ? ${a}.c."q r" + /abs.or.or."t${b}" 90) or >= !(if { a, b ? [  ] "s${ "q" }t" http://u.v/w, ... }@args: let { "q r".a."t${b}" = 39 "s"; inherit (x) c or; body = 2. .5 ''
  l1
    ''$
  ''; }."t${b}".${"s"}.${"s"} ? ${"s"}."t${b}".${"s"} != ~/h then "s\n" ? a else (let { "t${b}" = true; body = y: a/b -> !''
  l1
    ${x}
  '' or ''
  l1
    l2
  '' b - -a/b == !~/h "s" true; } ++ !''
  l1
    ${x}
  '' < !''
  l1
    l2
  '' < null "s${a}".c.a or "s${a}") (x).b.or.c && -~/h) true + -1e3 3 [ 37 http://u.v/w.b."q r".${"s"} ] ++ -[ ''
  l1
    ${x}
  ''.b.${"s"}.b or [ __curPos."q r" or null ] 79 23 ] null
