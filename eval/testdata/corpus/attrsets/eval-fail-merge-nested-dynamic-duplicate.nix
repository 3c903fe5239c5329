# the same dynamic name from two definitions of one nested set
let
  k = "same";
in
{
  outer = { ${k} = 1; };
  outer = { "${k}" = 2; };
}
