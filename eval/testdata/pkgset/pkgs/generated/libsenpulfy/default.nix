{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libsenpulfy-unwrapped";
    version = "1.19";
    src = fetchurl {
      url = "https://example.org/releases/libsenpulfy-${version}.tar.gz";
      hash = "sha256-gXYIknl9SeGYyeGkkOmOdVMyY7gUpsPWYYLwgmKEVRE=";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libsenpulfy-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libsenpulfy" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libsenpulfy "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libsenpulfy library, generated";
    homepage = "https://example.org/projects/libsenpulfy";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
