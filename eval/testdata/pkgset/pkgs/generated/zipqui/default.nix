{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libwarsen, librakzesol, belnuka }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "zipqui-unwrapped";
    version = "9.4.6";
    src = fetchurl {
      url = "https://example.org/releases/zipqui-${version}.tar.gz";
      hash = "sha256-w8dRJdb26PAny9yh356p0ZX2UxeSq1jfJmuYwpN3f+c=";
    };
    buildInputs = [ libwarsen librakzesol belnuka ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ libwarsen librakzesol belnuka ];
in
symlinkJoin {
  name = "zipqui-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "zipqui" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/zipqui "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The zipqui library, generated";
    homepage = "https://example.org/projects/zipqui";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
