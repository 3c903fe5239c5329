{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libnulobel }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libquinugra-unwrapped";
    version = "0.25";
    src = fetchurl {
      url = "https://example.org/releases/libquinugra-${version}.tar.gz";
      hash = "sha256-iHDeYugbe0GuxtJ1yMonfbNQrPzIh1g47G8vHGQpI/k=";
    };
    buildInputs = [ libnulobel ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ libnulobel ];
in
symlinkJoin {
  name = "libquinugra-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libquinugra" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libquinugra "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libquinugra library, generated";
    homepage = "https://example.org/projects/libquinugra";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
