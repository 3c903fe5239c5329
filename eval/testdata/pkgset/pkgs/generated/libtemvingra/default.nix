{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libpulpul, mizip, libquinu, belzip }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libtemvingra-unwrapped";
    version = "6.7.8";
    src = fetchurl {
      url = "https://example.org/releases/libtemvingra-${version}.tar.gz";
      hash = "sha256-cKMRv6ULUicPOeH3YqoJhMcRJwIGG0NbkxvfDZlUAlQ=";
    };
    buildInputs = [ libpulpul mizip ];
    propagatedBuildInputs = [ libquinu belzip ];
  };
  runtimePath = lib.makeBinPath [ libpulpul mizip ];
in
symlinkJoin {
  name = "libtemvingra-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libtemvingra" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libtemvingra "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libtemvingra library, generated";
    homepage = "https://example.org/projects/libtemvingra";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
