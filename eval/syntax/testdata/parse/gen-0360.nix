with {}; { a, b ? let { ${a}.c."t${b}" = !a < -{ "t${b}".${a} = "s${a}" ''
  l1
    '''
  '' 44 ? "t${b}" / f or <n/p> or; "q r"."t${b}" = with 1.5.or.${"s"} b.c.${"s"}.c "s$$"; <n/p>.${"s"} or <n/p> 1e3 null; } * -(98 80.c.${a} http://u.v/w or < ~/h or 77 ''
  l1
    ${x}
  '' ++ http://u.v/w 26 || -''
  l1
    '''
  '' or); inherit a b; body = let c.or.a = [ ''
  l1
    '''
  ''.${a}.${"s"} http://u.v/w 56 ] <n/p> http://u.v/w."q r".${a}.c; in (let { b = -http://u.v/w .5; "q r"."q r" = with .5.b.b or "s${ "q" }t" ''
  l1
    ''$
  ''; f 55 83; b.or = y: 31; body = ''
  l1
    '''
  ''; }); }.a."q r".${"s"}, ... }@args: y: [ 75 "s${a}" ] /abs.${"s"}."q r" or http://u.v/w null || <n/p>
