let
  d = derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; };
  r = builtins.replaceStrings [ "x" "a" ] [ "${d}" "b" ] "aaa";
in
[ r (builtins.hasContext r) (builtins.hasContext (builtins.replaceStrings [ "a" ] [ "${d}" ] "a")) ]
