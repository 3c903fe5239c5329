{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libkafy, libmiziplo }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libnuwar-unwrapped";
    version = "2.4";
    src = fetchurl {
      url = "https://example.org/releases/libnuwar-${version}.tar.gz";
      sha256 = "686bd92caff14dc18e704117154319474fd34913939dfc932711208820ea5dfa";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ libkafy libmiziplo ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libnuwar-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libnuwar" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libnuwar "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libnuwar library, generated";
    homepage = "https://example.org/projects/libnuwar";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
