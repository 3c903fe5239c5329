builtins.concatMap (x: if x == 1 then "one" else throw "never reached") [
  1
  2
]
