{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, coreutils, exsol, libzipqui, libfynu }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "nufyex-unwrapped";
    version = "2016";
    src = fetchurl {
      url = "https://example.org/releases/nufyex-${version}.tar.gz";
      sha256 = "b92e56861dd07805fa109e46c47957c3080767e809fb7b2e92bc770bf4967b4d";
    };
    buildInputs = [ coreutils exsol libzipqui ];
    propagatedBuildInputs = [ libfynu ];
  };
  runtimePath = lib.makeBinPath [ coreutils exsol libzipqui ];
in
symlinkJoin {
  name = "nufyex-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "nufyex" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/nufyex "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The nufyex library, generated";
    homepage = "https://example.org/projects/nufyex";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
