with {}; -./p.c let { inherit a b; c = if assert "s" > -1.5 + !65 null http://u.v/w; "s" && ''
  l1
    ${x}
  ''.${a}.b.a -> http://u.v/w.c.b >= !92 http://u.v/w ''
  l1
    l2
  '' then 87 1.5.${a}."q r" 56.or."t${b}".${"s"} else if "s${ "q" }t" 49 <n/p> + true."q r" then ''
  l1
    l2
  '' || !34.${"s"}.b else ''
  l1
    ${x}
  ''.c or 78 ./p "s"; a.${"s"}.c = 22; body = { }; } [ http://u.v/w .5 rec { }.c.${"s"} ] - -let { body = with "s$$" // ![  ] * "s\n"; 0.1; } let { body = !__curPos 2.."t${b}" or 2. 5; }."q r" (![ 30 ] ? ${a}.a * -1e3)."t${b}" or 16
