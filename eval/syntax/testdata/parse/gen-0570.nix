with {}; 70 ? ${a}.${"s"}.or && !http://u.v/w { ${a}.a = (args@{ zz, type, ... }: 38) && !"s${ "q" }t" f b <= !http://u.v/w > !null.a.or or ''
  l1
    ''$
  '' 1.5; a.${a} = ''
  l1
    ${x}
  '' or http://u.v/w.${"s"}.a or true - !http://u.v/w.${"s"}.or.${a} "s$$" || 1.5; inherit (x) c or; }.or "s" -> __curPos
