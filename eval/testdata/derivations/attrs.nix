let
  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; };
in [
  (derivation { name = "nulls"; system = "x86_64-linux"; builder = "/bin/sh"; __ignoreNulls = true; a = null; b = "x"; c = false; })
  (derivation { name = "structured"; system = "x86_64-linux"; builder = "/bin/sh"; __structuredAttrs = true;
    outputs = [ "out" "bin" ]; n = 1; f = 2.5; l = [ 1 "a" null true { x = dep; } ]; s = { y = "z\n\t\"q\""; }; d = dep; })
  (derivation { name = "unicode"; system = "x86_64-linux"; builder = "/bin/sh"; u = "héllo ✓ \"q\" \\ \n\t\r"; e = ""; i = -3; fl = [ 1.0 0.1 100000000.0 ]; nested = [ [ ] [ "a" [ "b" ] ] ]; })
  (derivation { name = "ctx"; system = "x86_64-linux"; builder = "/bin/sh"; p = builtins.unsafeDiscardOutputDependency dep.drvPath; q = "${dep}"; })
]
