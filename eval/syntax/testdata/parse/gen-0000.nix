with {}; if args@{ zz, type, ... }: x: [ http://u.v/w ] or rec { a.${a}.a = http://u.v/w.c.b; } [  ] <= ~/h 23 ''
  l1
    ''$
  '' >= -15 * -let { body = -http://u.v/w ''
  l1
    '''
  ''."q r"; } "s\n".${"s"}.c 98 then ({ a, b ? [ http://u.v/w http://u.v/w ] 1.5.or or 33 1e3, ... }@args: -0.1 && http://u.v/w ~/h.or ''
  l1
    l2
  ''.c.b.${"s"} ? ${a}) 62 ++ !__curPos __curPos.or * true else assert !"s${ "q" }t" { or.or = a <n/p> a/b ? or; } -> (let { body = "s${a}" // !~/h * !''
  l1
    '''
  ''; } .5 null * -27."q r" "s${a}".${"s"}."t${b}".${a} * ''
  l1
    l2
  '' && !"s${ "q" }t") 71."q r" or "s${ "q" }t" 56 > ''
  l1
    '''
  '' "s${ "q" }t" ''
  l1
    ${x}
  ''; let { "q r" = 2.."t${b}" or "s$$"; body = -~/h.b.${"s"} or (''
  l1
    ''$
  ''); }."q r" let { "t${b}".${"s"}.b = assert x ? b; { a, b ? ''
  l1
    '''
  '' true, ... }@args: 33."q r"; c."q r".${"s"} = a.or."t${b}".or < -.5 /abs // !a a; body = -rec { inherit a b; inherit (x) c or; } // x or; }.or.or ''
  l1
    l2
  ''.a.${a}.a or 74 * { c."q r" = null http://u.v/w http://u.v/w; or.b.a = y: !"s${ "q" }t".or >= null x or 94 || -a/b; } 1.5 <= !let { "q r"."t${b}"."t${b}" = ''
  l1
    ${x}
  '' ? b."t${b}" == !9; c."q r" = 63 0 "s\n" // !x 91."q r"."q r".${"s"} or http://u.v/w 1e3 ++ !a/b; ${"s"}.or.${"s"} = -null; body = !let { c.c."t${b}" = 2. <= -./p/${x}."t${b}".or."t${b}" ''
  l1
    ${x}
  '' or ''
  l1
    l2
  ''; a = "s${ "q" }t" or f < http://u.v/w; body = with 1.5."t${b}"."t${b}" or http://u.v/w 13 or ./p ? a / /abs; http://u.v/w."q r" && ''
  l1
    ''$
  '' ./p/${x} / !/abs; } 85 "s" == !0.1.or."q r" / -1.5 62 ''
  l1
    ${x}
  ''; } >= !(__curPos.c or ''
  l1
    '''
  '' == -"s${a}"."q r" or true) http://u.v/w."t${b}".or.${"s"}
