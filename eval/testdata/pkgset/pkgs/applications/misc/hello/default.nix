{ lib, stdenv, fetchurl, runCommand, writeText }:

stdenv.mkDerivation (finalAttrs: {
  pname = "hello";
  version = "2.12.1";

  src = fetchurl {
    url = "mirror://gnu/hello/hello-${finalAttrs.version}.tar.gz";
    sha256 = "086vqwk2wl8zfs47sq2xpjc9k066ilmb8z6dn0q6ymwjzlm196cd";
  };

  doCheck = true;

  passthru.tests = {
    version = runCommand "hello-test-version" { nativeBuildInputs = [ finalAttrs.finalPackage ]; } ''
      hello --version | grep ${finalAttrs.version} > $out
    '';
    greeting = writeText "hello-greeting" "Hello, world from ${finalAttrs.pname} ${lib.versions.majorMinor finalAttrs.version}!";
  };

  meta = with lib; {
    description = "A program that produces a familiar, friendly greeting";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    mainProgram = "hello";
  };
})
