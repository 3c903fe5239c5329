with {}; http://u.v/w >= http://u.v/w <= !let { ${a}."q r".or = (b."t${b}"."t${b}".a) __curPos < !let { body = http://u.v/w ''
  l1
    '''
  '' http://u.v/w.${a}.b or 69; } or ./p/${x} 26 -> __curPos; inherit a b; ${"s"}.a = true http://u.v/w.or.or.or or "s"; body = 40; } ''
  l1
    '''
  ''
