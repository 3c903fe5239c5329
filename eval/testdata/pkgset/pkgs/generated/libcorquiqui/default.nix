{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, quika, belloka, libvinzipka, libvinlodor, libquibeltem }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libcorquiqui-unwrapped";
    version = "2.7.0";
    src = fetchurl {
      url = "https://example.org/releases/libcorquiqui-${version}.tar.gz";
      sha256 = "0jy1cx6hj2258884b22pxyafp7n8dmx56i8m2k211dkijb86f57n";
    };
    buildInputs = [ quika belloka libvinzipka ];
    propagatedBuildInputs = [ libvinlodor libquibeltem ];
  };
  runtimePath = lib.makeBinPath [ quika belloka libvinzipka ];
in
symlinkJoin {
  name = "libcorquiqui-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libcorquiqui" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libcorquiqui "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libcorquiqui library, generated";
    homepage = "https://example.org/projects/libcorquiqui";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
