with {}; __curPos http://u.v/w.${"s"} http://u.v/w + !92 rec { c = let { body = <n/p> or ''
  l1
    ${x}
  ''.or."q r" or ./p/${x}; } ''
  l1
    l2
  ''.b; or."t${b}"."q r" = let { body = http://u.v/w ''
  l1
    ${x}
  '' // -true b ? c.b.a <= !74.a.c."t${b}" a/b.b.${a}.${a}; } http://u.v/w f.c.c.or or ./p/${x} <= !1e3 .5.a or null a * !"s"; b = { a, b ? 0.1 ''
  l1
    ''$
  ''.or.b or http://u.v/w http://u.v/w, ... }@args: ''
  l1
    ${x}
  '' http://u.v/w or; }
