# "x or" as an argument, a list element or a select's default is the call
# x or, with a warning that a later Nix reads it as a select; at the head of
# an application or inside parentheses it is not warned about
let
  or = 10;
  inc = x: x + 1;
  twice = f: x: f (f x);
in
[
  (twice inc or)
  [ (x: x * 2) or ]
  ({ }.missing or inc or)
  (inc or)
  ((y: y) (inc or))
]
