{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libzewar, libfynu, libsoltemgra }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "belloka-unwrapped";
    version = "7.12.15";
    src = fetchurl {
      url = "https://example.org/releases/belloka-${version}.tar.gz";
      hash = "sha256-p2Gs9FRnfIU7/M4fANZ/GUPqvI/SmE4SW9DGsVFQp9A=";
    };
    buildInputs = [ libzewar libfynu ];
    propagatedBuildInputs = [ libsoltemgra ];
  };
  runtimePath = lib.makeBinPath [ libzewar libfynu ];
in
symlinkJoin {
  name = "belloka-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "belloka" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/belloka "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The belloka library, generated";
    homepage = "https://example.org/projects/belloka";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
