let
  x = { a = 1; };
in
(x.a - x.b) < 3
