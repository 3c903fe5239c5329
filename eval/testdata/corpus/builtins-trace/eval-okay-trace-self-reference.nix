# a value under evaluation shows as a potential infinite recursion
let
  x = { again = x; tracing = builtins.trace x true; };
  y = builtins.trace { y = y; } true;
in
[ x.tracing y ]
