# nixpkgs' pattern: self = with self; { ... } using globals inside.
let
  self = with self; {
    xs = map (x: x * 2) [ 1 2 3 ];
    n = builtins.length xs;
    s = toString n;
    b = if builtins.isInt n then true else false;
  };
in
self
