let
  a = derivation { name = "multi"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "lib" "dev" ]; };
  b = derivation { name = "uses-lib"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "${a.lib}/x ${a.dev}" ]; };
in { inherit a b; dev = a.dev; lib = a.lib; nested = { recurseForDerivations = true; c = b; }; hidden = { d = a; }; }
