# functionArgs keeps where each formal was written
let
  f = { foo, bar ? 1, ... }@args: foo;
  args = builtins.functionArgs f;
  at = n: let p = builtins.unsafeGetAttrPos n args; in p // { file = baseNameOf p.file; };
in
map at [ "foo" "bar" ]
