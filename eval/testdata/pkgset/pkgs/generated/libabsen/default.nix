{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, temcormi, kaquigra, lolosol, belexlo, libkaquinu, mibelzip }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libabsen-unwrapped";
    version = "3.9.1";
    src = fetchurl {
      url = "https://example.org/releases/libabsen-${version}.tar.gz";
      sha256 = "14v1s3glbdrsdwvaf4g1jrmhmyfcksjfka2zv8vhmipnsaypp54a";
    };
    buildInputs = [ temcormi kaquigra lolosol belexlo ];
    propagatedBuildInputs = [ libkaquinu mibelzip ];
  };
  runtimePath = lib.makeBinPath [ temcormi kaquigra lolosol belexlo ];
in
symlinkJoin {
  name = "libabsen-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libabsen" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libabsen "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libabsen library, generated";
    homepage = "https://example.org/projects/libabsen";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
