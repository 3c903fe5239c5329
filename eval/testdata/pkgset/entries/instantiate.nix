# Packages for nix-instantiate without --eval: it writes each .drv (and
# the sources and patches they name) to the store and prints the paths.
let
  pkgs = import ../. { };
  inherit (pkgs) lib;
in
{
  inherit (pkgs) hello curl curlFull curlMinimal curlOld toolchain-env
    releaseNotes zlibStatic openssl_1_1 opensslWithDocs coreutils-full;
  helloTests = lib.recurseIntoAttrs pkgs.hello.tests;
  perlPackages = pkgs.perlPackages;
  python = lib.recurseIntoAttrs (lib.genAttrs
    (lib.take 10 (builtins.filter (lib.hasPrefix "py") (builtins.attrNames pkgs.python3Packages)))
    (n: pkgs.python3Packages.${n}));
  generated = lib.recurseIntoAttrs (lib.filterAttrs (n: v: lib.isDerivation v)
    (import ../pkgs/top-level/generated.nix { inherit lib; self = pkgs; }));
}
