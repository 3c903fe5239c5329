with {}; with (assert { a, b ? [  ], ... }@args: (args@{ zz, type, ... }: http://u.v/w) ? a == -"s${a}".a; with ''
  l1
    '''
  ''.c or true x // true or a/b.a.c or http://u.v/w && -28 or http://u.v/w ? "q r".a; ''
  l1
    ${x}
  '' a http://u.v/w ? "q r"."t${b}" > -''
  l1
    ''$
  '' != http://u.v/w.or."q r" or 31) - "s${ "q" }t" "s${a}"; __curPos (x: !__curPos 0.1 ''
  l1
    l2
  '' == null) - ![  ] rec { c.c = ''
  l1
    l2
  ''.${"s"}.a true.a.a.${a} or /abs http://u.v/w && 0.1 < ./p; a.c.${a} = ''
  l1
    ''$
  ''.${a}.b "s${a}" true; } && !1e3 b * -[ __curPos ]
