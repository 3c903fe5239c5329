let
  s = builtins.mapAttrs (name: value: value + "x") {
    a = 1;
  };
in
s.a
