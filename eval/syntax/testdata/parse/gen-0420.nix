with {}; { ${a} = __curPos or; ${a}.a.b = null ++ __curPos.b __curPos * __curPos ''
  l1
    ${x}
  '' "s$$" != -let { inherit (x) c or; c = y: -''
  l1
    l2
  '' or; body = let "q r".b = http://u.v/w; ${a}.a = y: http://u.v/w 44.${a}."t${b}"."t${b}"; in a == -a/b ''
  l1
    l2
  '' b && !.5.or; } 81; }
