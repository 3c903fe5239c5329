let
  sum = builtins.foldl' builtins.add 0;
in
sum [ 1 2 "three" ]
