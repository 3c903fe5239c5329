# Comparing a set with itself still forces its values, so one that throws
# throws; only values inside lists and sets may be taken as equal by
# identity, and only once forced.
let
  s = { a = throw "boom"; };
in
s == s
