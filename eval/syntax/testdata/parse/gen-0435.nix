with {}; http://u.v/w || -let { a = "s\n"; body = <n/p>; }."q r".a."t${b}" or let { body = __curPos; } { b.or."q r" = { } + -39 ''
  l1
    ''$
  '' * 2. 1.5 true; } __curPos > 1e3 "s${a}"
