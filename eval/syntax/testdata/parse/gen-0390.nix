with {}; ("s${a}")."t${b}"."q r".c or let { body = __curPos "s$$"; } == !a/b (with (46 or http://u.v/w or ./p ? "q r".c >= -./p - ./p ''
  l1
    ${x}
  '') != !56 ''
  l1
    '''
  '' 53.or or http://u.v/w - 81 86.b."t${b}" or http://u.v/w == -''
  l1
    '''
  '' 2..${"s"}.or.or; 0.1 ? ${a}) == __curPos != http://u.v/w."q r".or
