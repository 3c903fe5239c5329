# The standard environment: a derivation of its own (the setup script
# and the compiler flavour), with mkDerivation and friends beside it.
{ lib, config ? { }, system ? "x86_64-linux", variant ? "gnu", extraCFlags ? [ ] }:
let
  shell = "/bin/sh";

  drv = derivation {
    name = "stdenv-linux" + lib.optionalString (variant != "gnu") "-${variant}";
    inherit system;
    builder = shell;
    args = [ "-c" "mkdir -p $out; cp $setup $out/setup" ];
    setup = ./setup.sh;
    inherit variant;
    cflags = extraCFlags;
  };

  stdenv = drv // {
    inherit shell system variant lib config;
    hostPlatform = { inherit system; isLinux = true; isMusl = variant == "musl"; };
    isLinux = true;
    cc = "gcc";
    mkDerivation = import ./make-derivation.nix { inherit lib stdenv config; };
    override = args: import ./default.nix ({ inherit lib config system variant extraCFlags; } // args);
  };
in
stdenv
