let x = 1; y = 2; in
{ inherit x;
  inherit
    y; z = rec { w = 1; v.u = 2; }; }
