# The derivation workload of the evaluator benchmark, reproduced by
# workload_test.go in Go: n derivations with outputs out and dev, where
# derivation i uses out of i/2 and dev of i/3, plus 20 plain attributes.
# The recorded digest covers every drv path and output path.
let
  n = 10000;
  drv = i: derivation ({
    name = "wl-${toString i}";
    system = "x86_64-linux";
    builder = "/bin/sh";
    args = [ "-c" "echo ${toString i} > $out; echo dev > $dev" ];
    outputs = [ "out" "dev" ];
    deps = if i == 0 then [ ] else [ (builtins.elemAt all (i / 2)).out (builtins.elemAt all (i / 3)).dev ];
    even = i / 2 * 2 == i;
    index = i;
  } // builtins.listToAttrs (builtins.genList (j: {
    name = "attr${toString j}";
    value = "value-${toString i}-${toString j}";
  }) 20));
  all = builtins.genList drv n;
  line = d: "${d.drvPath} ${d.out.outPath} ${d.dev.outPath}";
in
{
  count = builtins.length all;
  last = (builtins.elemAt all (n - 1)).drvPath;
  digest = builtins.hashString "sha256" (builtins.concatStringsSep "\n" (map line all));
}
