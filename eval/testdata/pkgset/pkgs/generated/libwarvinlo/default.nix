{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libgrawarcor, libfygra, zipdorwar }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libwarvinlo-unwrapped";
    version = "2015";
    src = fetchurl {
      url = "https://example.org/releases/libwarvinlo-${version}.tar.gz";
      hash = "sha256-J4fOs/ydW9IISKjTCqKG8kUEpMUQMIyfRYH4yE72Xfw=";
    };
    buildInputs = [ libgrawarcor libfygra ];
    propagatedBuildInputs = [ zipdorwar ];
  };
  runtimePath = lib.makeBinPath [ libgrawarcor libfygra ];
in
symlinkJoin {
  name = "libwarvinlo-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libwarvinlo" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libwarvinlo "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libwarvinlo library, generated";
    homepage = "https://example.org/projects/libwarvinlo";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
