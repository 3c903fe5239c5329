# trace prints values with Nix's value printer: unforced thunks, functions
# named with their position, primops, repeated sets and lists, no limits
let
  f = x: x;
  s = { a = 1; b = 1 + 1; c = s; };
  long = builtins.genList (i: i * i) 15;
  l = [ f s builtins.map (builtins.map f) long ];
in
builtins.seq (builtins.foldl' (a: b: builtins.seq b a) 0 l) (
  builtins.trace l (builtins.trace [ (1 + 1) s ] 1)
)
