with {}; { c.${a}.b = !"s\n" or { a.${"s"} = 1e3; ${a}.${a}.c = ''
  l1
    '''
  ''.c.${a} ''
  l1
    l2
  '' / -0.1 "s${ "q" }t" null // -"s\n" ''
  l1
    '''
  '' 53; } http://u.v/w or; or.or.a = 0.1.or; } or || b
