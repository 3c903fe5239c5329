{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libvinlodor, libdorlo, libzipqui }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libgraex-unwrapped";
    version = "2002";
    src = fetchurl {
      url = "https://example.org/releases/libgraex-${version}.tar.gz";
      sha256 = "1e7c5c5c5dc58bcdc0a830281372e61cc4db3315ef718e10504562e74b4243ea";
    };
    buildInputs = [ libvinlodor libdorlo libzipqui ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ libvinlodor libdorlo libzipqui ];
in
symlinkJoin {
  name = "libgraex-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libgraex" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libgraex "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libgraex library, generated";
    homepage = "https://example.org/projects/libgraex";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
