{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libcortemka, lomipul, granu }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libfygra-unwrapped";
    version = "1.2.6";
    src = fetchurl {
      url = "https://example.org/releases/libfygra-${version}.tar.gz";
      sha256 = "aea9ec9cdf4b1973b6ca33a49825246554dbc8a10cf07265eec8187b85cf9177";
    };
    buildInputs = [ libcortemka ];
    propagatedBuildInputs = [ lomipul granu ];
  };
  runtimePath = lib.makeBinPath [ libcortemka ];
in
symlinkJoin {
  name = "libfygra-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libfygra" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libfygra "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libfygra library, generated";
    homepage = "https://example.org/projects/libfygra";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
