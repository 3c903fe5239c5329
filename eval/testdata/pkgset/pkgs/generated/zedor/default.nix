{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libnusen, libtorabwar, libpulzecor }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "zedor-unwrapped";
    version = "2020";
    src = fetchurl {
      url = "https://example.org/releases/zedor-${version}.tar.gz";
      sha256 = "0pijf0xzr1fxz2y8cwm3rk1g6y5ppq8wiqk6mbi45ngbm8rhlqmj";
    };
    buildInputs = [ libnusen ];
    propagatedBuildInputs = [ libtorabwar libpulzecor ];
  };
  runtimePath = lib.makeBinPath [ libnusen ];
in
symlinkJoin {
  name = "zedor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "zedor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/zedor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The zedor library, generated";
    homepage = "https://example.org/projects/zedor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
