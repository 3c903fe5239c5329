let
  s = {
    a = { };
  };
in
s.a.${throw "dyn"}
