with {}; if let { inherit a b; inherit a b; body = { b = .5 null ++ -./p/${x} + 0.1 <= !a "s${a}" 10 or; } 52 * -true "s${ "q" }t" http://u.v/w.c >= !rec { or."q r" = -.5.c."q r" or 1.5 && 2..a.or == !http://u.v/w -> -"s" or 0.1; } != -null.b "s\n".c ''
  l1
    ''$
  ''; }.${"s"}.c ? a.${"s"} then !__curPos f - null { }.${a} ? b else true * -43
