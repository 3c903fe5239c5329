with {}; with let inherit a b; inherit a b; "t${b}".or = __curPos ''
  l1
    ${x}
  '' != ![ true ]."q r" -> -{ "t${b}" = f && -http://u.v/w + -.5; inherit a b; } * -f; in if (http://u.v/w."q r" <= -~/h.${"s"}) then { a, b ? ~/h.c.c.a, ... }@args: x: if x: http://u.v/w then b || !a != true or else !"s${a}".a."q r" null 40 else { } < 0.1 == -http://u.v/w / -[ 2..${a}.${"s"}."t${b}" ]."t${b}".or.${a}; "s$$" "s${a}" != !71 or
