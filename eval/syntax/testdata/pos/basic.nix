{
  a = 1;
    b   =   2;
  c.d.e = 3;
  c.f = 4;
  "quoted name" = 5;
  ${"interp"} = 6;
  inherit (builtins) map
    head;
  g = { h = 1; };
  g = {
    i = 2;
  };
}
