# values in error messages mark sets and lists printed before
let
  s = { a = 1; };
  l = [ 1 2 3 ];
in
builtins.seq s (builtins.seq l (builtins.length { x = s; y = s; z = l; w = l; v = [ s ]; }))
