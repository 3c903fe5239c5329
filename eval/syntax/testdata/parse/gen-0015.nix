with {}; let { body = a rec { } + -x.c.b or [ { c."q r".${a} = ./p ''
  l1
    ${x}
  ''; } ''
  l1
    '''
  '' ] ./p/${x}.${a}.${a}.a; } (assert a.${"s"} != -66 or <= -"s${ "q" }t" ''
  l1
    l2
  '' && -let { a = f ++ "s$$" 2. == http://u.v/w .5 "s${ "q" }t"; body = http://u.v/w == !0.1 http://u.v/w; } 1.5 null.b; .5 { b.c.${"s"} = if http://u.v/w then 2. ''
  l1
    ''$
  '' 52.b.${"s"}.a else x; b.a = "s${ "q" }t" > !''
  l1
    l2
  ''.c ''
  l1
    '''
  '' null >= !4 > !"s${ "q" }t"; } f.or or ''
  l1
    ${x}
  '' ? "q r".${a}) - !let { "t${b}".a = .5; body = if [ let { body = 0.1 or / -./p * !''
  l1
    ${x}
  '' http://u.v/w or 92; } ("s${a}" "s${ "q" }t" > http://u.v/w ++ "s" == 99 a) 91 ] or == -let { a = a/b || -./p."q r" + -55.c.${a} 72; body = "s${ "q" }t"; } http://u.v/w / ./p/${x} f then -''
  l1
    l2
  '' /abs let { or.${a}.c = <n/p>; inherit (x) c or; inherit a b; body = 81 / ''
  l1
    '''
  ''.${"s"}."q r".c / -true; }.${a}.or or 1e3 else if { a, b ? b .5 "s$$".${"s"}."q r".b, ... }@args: !http://u.v/w <= -/abs then y: 81 else -~/h.${"s"}.or or 2.; } != ''
  l1
    l2
  ''.c or http://u.v/w
