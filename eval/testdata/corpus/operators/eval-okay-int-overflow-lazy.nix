let
  max = 9223372036854775807;
  f = x: y: z: 1;
  xs = [ (max + 1) (max * 2) (0 - max - 2) ];
in
[ (f (max + 1) (max * max) (-max - 2)) (builtins.length xs) ]
