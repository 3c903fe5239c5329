with {}; if args@{ ... }: x: 0.1 (x: !a/b .5 http://u.v/w.${a}."q r".or or <n/p>) a/b then null or 1.5 ''
  l1
    l2
  '' else !__curPos.${a}.${"s"} or "s${a}" - -http://u.v/w
