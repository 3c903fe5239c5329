# a nested set written twice is one set: its dynamic attributes from
# either definition are kept
let
  k = "dyn";
in
{
  x = { a = 1; };
  x = { ${k} = 2; "${k}2" = 3; };
  y.${k} = 4;
  y = { b = 5; };
}
