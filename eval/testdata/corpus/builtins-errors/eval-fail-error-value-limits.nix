# the limits of values in error messages count over the whole value:
# ten attributes and ten list items in all, strings cut at 1024 bytes,
# type first
let
  inner = { p = 1; q = [ 1 2 3 4 ]; r = 3; };
  v = {
    a = { a = inner; b = inner; c = { d = 4; }; };
    b = builtins.genList (i: [ i i ]) 8;
    s = builtins.concatStringsSep "" (builtins.genList (x: "ab\"") 400);
    type = "t";
    z = 26;
  };
in
builtins.deepSeq v (builtins.length v)
