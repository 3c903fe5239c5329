# Nix keeps lists of one or two elements inside the value itself, so a
# copy of such a list (a let body, a function result, the printed result)
# is a new list to the printer's «repeated» check; longer lists and sets
# share their elements with every copy.
let
  self = [ self ];
  long = [ long 1 2 ];
  id = v: v;
  one = [ 1 ];
  three = [ 1 2 3 ];
  same = one;
in [
  self
  (let y = [ y ]; in y)
  long
  one
  same
  (id one)
  three
  (id three)
  [ self self ]
]
