with {}; __curPos != [ (__curPos.a.b [ http://u.v/w ] >= http://u.v/w) /abs let { "t${b}" = if a x http://u.v/w.${a}.${"s"}."t${b}" + !a/b / ./p/${x} null > !.5."t${b}".c or "s" then { a, b ? .5 ''
  l1
    l2
  '', ... }@args: 2. http://u.v/w else -''
  l1
    l2
  '' http://u.v/w; body = -~/h."t${b}"."q r"."q r" or 69; }.${"s"}."q r"."q r" ] + (!65) != !''
  l1
    l2
  ''
