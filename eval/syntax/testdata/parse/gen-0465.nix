with {}; with http://u.v/w.b."t${b}" or http://u.v/w /abs; x: [ ''
  l1
    ''$
  ''.or 1e3 ] ~/h ++ -{ }
