let
  s = {
    a = 1;
  };
in
[
  (builtins.unsafeGetAttrPos "a" s != null)
  (builtins.unsafeGetAttrPos "a" (builtins.mapAttrs (n: v: v + 1) s))
  (builtins.unsafeGetAttrPos "a" (builtins.removeAttrs s [ ]) != null)
]
