# elem finds a function when the list holds that very value, never an
# equal-looking one.
let
  g = x: x + 1;
  l = [ 1 g ];
in
[
  (builtins.elem g l)
  (builtins.elem g [ (x: x + 1) ])
  (builtins.elem (x: x) [ g ])
]
