with {}; let { inherit (x) c or; inherit a b; body = { a, b ? f.b."q r".a b http://u.v/w, ... }@args: if { a, b ? f 77 ''
  l1
    ''$
  '', ... }@args: null ./p 92 * !''
  l1
    '''
  '' 67 ''
  l1
    l2
  ''.${a}.or.a or 0.1 then y: [ http://u.v/w .5 x ].b."q r" >= !./p/${x}.or.a.c < -./p/${x} * http://u.v/w.c or ''
  l1
    ''$
  '' x else http://u.v/w + -x; } > -a."q r" or __curPos
