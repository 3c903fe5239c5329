let
  s = {
    a = builtins.mapAttrs (name: value: throw "no ${name}") {
      b = 1;
    };
  };
in
s.a.b
