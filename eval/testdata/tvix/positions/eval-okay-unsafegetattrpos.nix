let s = {
  a = 1;
    b.c = 2;
}; in [ (builtins.unsafeGetAttrPos "a" s).line (builtins.unsafeGetAttrPos "b" s).column (builtins.unsafeGetAttrPos "zz" s) ]
