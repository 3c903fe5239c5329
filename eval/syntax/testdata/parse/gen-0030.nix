with {}; let { body = ''
  l1
    ${x}
  '' != !2..b.a.a or ''
  l1
    ''$
  ''; }."q r" -> "s".b."t${b}"."t${b}"
