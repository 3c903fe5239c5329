let
  script = builtins.toFile "builder.sh" ''
    echo "hello" > $out
  '';
  lib = builtins.toFile "lib.sh" "source ${script}";
  src = ./basic.nix;
in [
  (derivation { name = "tofile"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ lib ]; s = "${src}"; p = src; ph = builtins.placeholder "out"; })
  (derivation { name = "closure"; system = "x86_64-linux"; builder = "/bin/sh";
    d = (derivation { name = "inner"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ lib ]; }).drvPath; })
]
