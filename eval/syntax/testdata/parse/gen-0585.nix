with {}; (let { or.b = let inherit a b; a.b.${a} = http://u.v/w ++ -null "s" && <n/p>.c ++ ./p."t${b}".${"s"}.a or null "s$$".${"s"}."q r" ''
  l1
    '''
  '' or; in let { ${a}."q r".or = true."t${b}".b.a 1e3 85; body = a/b.b or /abs ''
  l1
    ${x}
  '' http://u.v/w; } -> -http://u.v/w null ++ !http://u.v/w && http://u.v/w.${a}; "q r"."t${b}" = 11 1e3.b.${a}.a http://u.v/w."t${b}" / ("s${a}".c.a."t${b}" 18 ''
  l1
    ''$
  '') 1.5 // let { b = http://u.v/w /abs ./p or; "q r".or.${a} = -2. ''
  l1
    '''
  ''.c.a && !''
  l1
    ${x}
  '' // x == -0.1 or; body = let "t${b}".${"s"}.${"s"} = ''
  l1
    '''
  '' or 0.1; inherit a b; or.a = http://u.v/w; in 41.${a}."q r" or /abs >= -a/b.or.${"s"} or ./p/${x} ++ !f 1e3.b.or "s$$" - -''
  l1
    ''$
  ''."t${b}".a "s${ "q" }t".a http://u.v/w; } - let { ${a}.c."q r" = http://u.v/w / -1.5; ${"s"}.c."t${b}" = "s${ "q" }t" <= b; body = y: if ./p/${x} then 75 ''
  l1
    '''
  '' http://u.v/w.b else ~/h; }; ${a}.${a} = y: 49 b; body = { a, b ? let { inherit a b; inherit a b; ${a}.a.${"s"} = x: let in "s\n"; body = http://u.v/w.b.or; } or, ... }@args: http://u.v/w [ f ''
  l1
    '''
  '' http://u.v/w ] let { body = if f ''
  l1
    '''
  '' "s${ "q" }t" < 12 0.1.b."q r"."q r" 20 then 6 1.5.c."t${b}"."t${b}" http://u.v/w // -http://u.v/w ''
  l1
    '''
  '' or http://u.v/w else true.${"s"}.c.a * ./p/${x}; } ? b.c; }.or or __curPos != !__curPos) 88
