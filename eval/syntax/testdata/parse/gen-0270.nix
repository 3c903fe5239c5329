with {}; let "q r" = let { a.b = -__curPos; body = { a, b ? b ./p/${x}, ... }@args: x: .5 or; } b * f; a = let inherit a b; in with y: { a, b ? 0.1, ... }@args: if x then 2 ''
  l1
    '''
  '' else x; let c = with f 34.c.b or "s$$" 1.${a}; "s"; inherit a b; "t${b}"."q r" = true -> ~/h x // "s\n" ''
  l1
    ''$
  '' 0.1; in http://u.v/w "s" http://u.v/w -> <n/p> 2. true; a = [ rec { "t${b}".a = !http://u.v/w.c "s\n" && -''
  l1
    ''$
  '' == -./p/${x}.c.${"s"}."t${b}" or ''
  l1
    ${x}
  '' == 0.1 "s${a}"; } ]; in if http://u.v/w then (f http://u.v/w (y: 33 -> http://u.v/w >= ''
  l1
    l2
  ''."t${b}".${a}.c or "s\n" >= http://u.v/w) > "s\n" b 0.1."t${b}".${a}."t${b}") else true .5 60 * !1.5
