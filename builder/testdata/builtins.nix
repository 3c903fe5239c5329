# Derivations using Nix's built-in builders, built by both nix-build and
# our builder in builtin_test.go. fixtures is the directory the test
# writes (builtinFixtures); http serves it. Fixed-output paths do not
# depend on the URLs, so the recorded outputs hold for any directory and
# port. Names starting with "fail-" must fail in both.
{ fixtures, http }:
let
  fetchurl = import <nix/fetchurl.nix>;
  hashOf = f: builtins.hashFile "sha256" (/. + "${fixtures}/${f}");
  nar = f: fetchurl { url = "file://${fixtures}/${f}.nar"; sha256 = hashOf "${f}.nar"; unpack = true; name = f; };
  pkgA = nar "pkg-a";
  pkgB = nar "pkg-b";
  pkgC = nar "pkg-c";
in
{
  fetch-file = fetchurl { url = "file://${fixtures}/hello.txt"; sha256 = hashOf "hello.txt"; };
  fetch-http = fetchurl { url = "${http}/hello.txt"; sha256 = hashOf "hello.txt"; name = "hello-over-http.txt"; };
  fetch-sri = fetchurl { url = "${http}/hello.txt"; hash = "sha512:${builtins.hashFile "sha512" (/. + "${fixtures}/hello.txt")}"; name = "hello-sha512.txt"; };
  fetch-exec = fetchurl { url = "${http}/script.sh"; sha256 = hashOf "script-exec.nar"; executable = true; };
  fetch-unpack = pkgA;
  fetch-unpack-xz = fetchurl { url = "${http}/pkg-a.nar.xz"; sha256 = hashOf "pkg-a.nar"; unpack = true; name = "pkg-a-xz"; };
  env = derivation {
    name = "user-environment";
    system = "builtin";
    builder = "builtin:buildenv";
    manifest = builtins.toFile "env-manifest.nix" "[ ]";
    derivations = [ "true" "5" "1" pkgA "true" "4" "1" pkgB "false" "3" "1" pkgC ];
  };
  channel = derivation {
    name = "channel";
    system = "builtin";
    builder = "builtin:unpack-channel";
    src = fetchurl { url = "file://${fixtures}/channel.tar"; sha256 = hashOf "channel.tar"; };
    channelName = "nixpkgs";
  };
  fail-fetch-hash = fetchurl { url = "${http}/hello.txt"; sha256 = builtins.hashString "sha256" "not hello"; name = "wrong-hash"; };
  fail-fetch-404 = fetchurl { url = "${http}/missing.txt"; sha256 = hashOf "hello.txt"; name = "missing"; };
}
