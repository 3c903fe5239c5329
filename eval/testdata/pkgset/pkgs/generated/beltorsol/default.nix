{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libvinziptor, libexfy, torqui }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "beltorsol-unwrapped";
    version = "2021";
    src = fetchurl {
      url = "https://example.org/releases/beltorsol-${version}.tar.gz";
      hash = "sha256-vZ6HHlg1qK9jmuGKpAjnx/n1CQrHew8ykkn5SdQWKoc=";
    };
    buildInputs = [ libvinziptor ];
    propagatedBuildInputs = [ libexfy torqui ];
  };
  runtimePath = lib.makeBinPath [ libvinziptor ];
in
symlinkJoin {
  name = "beltorsol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "beltorsol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/beltorsol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The beltorsol library, generated";
    homepage = "https://example.org/projects/beltorsol";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
