# the expression of one inherit (e) clause is evaluated once for all its
# names, in let, rec and plain sets; it sees the let's and rec's bindings
let
  inherit (builtins.trace "let source" { a = 1; b = 2; }) a b;
  r = rec {
    inherit (builtins.trace "rec source" src) c d;
    src = { c = 3; d = 4; };
    sum = c + d;
  };
  p = { inherit (builtins.trace "plain source" { e = 5; f = 6; }) e f; };
in
[ a b r.sum p.e p.f ]
