with {}; __curPos x let { b."t${b}" = args@{ name, ... }: http://u.v/w."t${b}".b.c or b ./p/${x} ./p/${x}; "t${b}"."q r" = "s" == -a.a; b.c = x: { "q r".b.${"s"} = "s\n".${"s"}.b.${a} a/b null -> -"s" ++ -"s".b.${"s"}.b or <n/p>; c = if http://u.v/w then a else x x; } "s$$" http://u.v/w ? ${"s"}."q r"; body = with -[ ''
  l1
    l2
  '' [ 44 or 86 http://u.v/w ] ]; __curPos or + -null null a/b; }
