with {}; with let { "t${b}" = http://u.v/w let { ${a}."t${b}".a = with 5 "s$$" ''
  l1
    ''$
  ''.or.c; ''
  l1
    l2
  ''.${a}.${a} or ~/h; body = if x: http://u.v/w then 10 ''
  l1
    '''
  '' http://u.v/w ? ${a}.${"s"}.c - -/abs.or."q r" or 3 /abs 89 else y: ~/h ''
  l1
    l2
  ''.c.b or ./p/${x}; } - !__curPos ? "t${b}".${"s"} * -rec { ${"s"}."t${b}".b = x: 70; }."q r".a.${"s"}; ${a} = with !(!a/b.${a}.b.a or ./p/${x} ? "t${b}".${a}.${a} && !.5 or http://u.v/w ++ !''
  l1
    ''$
  ''.c or "s$$")."q r".${"s"} a.c.c."t${b}" <n/p> - !http://u.v/w; y: ''
  l1
    ${x}
  ''.a."t${b}" ''
  l1
    ''$
  '' ''
  l1
    ''$
  '' ? or.c == !http://u.v/w; a.${a}.c = rec { inherit a b; "t${b}".a = { a, b ? "s${a}" null.${a}."t${b}"."q r" or ./p "s$$".c.b, ... }@args: "s\n"; "t${b}" = { a, b ? ''
  l1
    l2
  '', ... }@args: args@{ zz, type, ... }: ''
  l1
    ''$
  ''; } * ''
  l1
    l2
  ''.${a}.or or ''
  l1
    l2
  '' "s\n" > -(if assert "s${a}" 0.1; ~/h ''
  l1
    l2
  ''."t${b}".c.${a} then "s${a}"."t${b}"."t${b}" else { a, b ? ''
  l1
    ''$
  '' 1.5, ... }@args: ''
  l1
    '''
  '' 42) ''
  l1
    ''$
  '' a * !''
  l1
    '''
  ''.b.${"s"} or ''
  l1
    '''
  '' ./p; body = "s${a}".c.b (b.${a}.b.b or http://u.v/w) || !~/h; }; -''
  l1
    ''$
  '' x >= !(args@{ name, ... }: if .5 http://u.v/w ''
  l1
    l2
  ''.a.c then ''
  l1
    ''$
  '' ? "t${b}"."q r"."q r" && -<n/p> else "s".${a}.${"s"} ? or.b && !a/b a.a.or /abs) x != http://u.v/w >= __curPos.${a}.c.${"s"}
