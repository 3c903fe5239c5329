with {}; { or = { "t${b}".c."t${b}" = x: { a, b ? 99, ... }@args: if <n/p> then ''
  l1
    '''
  ''.or or ''
  l1
    ''$
  '' else 2.; inherit a b; } - !null ''
  l1
    l2
  '' -> { } let { c = args@{ name, ... }: 2.."q r" "s\n".or.a or /abs; body = f.${a} ''
  l1
    l2
  '' ? a."q r".or != -1e3 or 85 or ++ -''
  l1
    ''$
  ''; } ''
  l1
    l2
  '' || [ let { ${"s"} = args@{ name, ... }: ''
  l1
    '''
  ''; inherit a b; inherit a b; body = http://u.v/w - !/abs or != .5 54 * -null.a.${a} <n/p> ''
  l1
    l2
  ''; } ] __curPos.b.c or f; inherit (x) c or; inherit (x) c or; } ? a.c.or >= 97 __curPos
