{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libpultor, vinvin, lomipul, migra }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "vincor-unwrapped";
    version = "1.7.0";
    src = fetchurl {
      url = "https://example.org/releases/vincor-${version}.tar.gz";
      hash = "sha256-zdXtv6CEAA5NKWWdt0bTAlGGvHAcWbE/qxlKJA1Nobc=";
    };
    buildInputs = [ libpultor vinvin lomipul ];
    propagatedBuildInputs = [ migra ];
  };
  runtimePath = lib.makeBinPath [ libpultor vinvin lomipul ];
in
symlinkJoin {
  name = "vincor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "vincor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/vincor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The vincor library, generated";
    homepage = "https://example.org/projects/vincor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice dave ];
  };
}
