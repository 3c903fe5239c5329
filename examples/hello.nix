# A small closure: a greeting, a program that prints it, and a bundle
# referring to both. Build it with nix-build or with tvix:
#   nix-build examples/hello.nix
#   tvix build examples/hello.nix
let
  inherit (import ./busybox.nix { }) bb mkShell;
  greeting = mkShell "greeting" ''
    echo "Hello from a sandboxed build" > $out
  '' { };
  hello = mkShell "hello" ''
    mkdir -p $out/bin
    printf '#!%s/busybox sh\ncat %s\n' ${bb} ${greeting} > $out/bin/hello
    chmod +x $out/bin/hello
  '' { };
in
mkShell "hello-bundle" ''
  mkdir -p $out
  ln -s ${hello}/bin/hello $out/hello
  ${hello}/bin/hello > $out/greeting.txt
'' { }
