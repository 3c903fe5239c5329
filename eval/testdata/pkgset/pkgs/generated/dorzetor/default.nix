{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, tormiab, zipdorwar }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "dorzetor-unwrapped";
    version = "2002";
    src = fetchurl {
      url = "https://example.org/releases/dorzetor-${version}.tar.gz";
      sha256 = "6dd656c9f2d17f6c8a1d312500ee8d0befbd624781e36ac51d6dbe8979bc632b";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ tormiab zipdorwar ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "dorzetor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "dorzetor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/dorzetor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The dorzetor library, generated";
    homepage = "https://example.org/projects/dorzetor";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
