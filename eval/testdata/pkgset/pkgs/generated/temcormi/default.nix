{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, zlib, openssl, curl }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "temcormi-unwrapped";
    version = "1.2.6";
    src = fetchurl {
      url = "https://example.org/releases/temcormi-${version}.tar.gz";
      sha256 = "437ceafb46056392a01af44e872fea8f775599534e00764dfff331e52b6b8ddb";
    };
    buildInputs = [ zlib openssl curl ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ zlib openssl curl ];
in
symlinkJoin {
  name = "temcormi-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "temcormi" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/temcormi "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The temcormi library, generated";
    homepage = "https://example.org/projects/temcormi";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice bob ];
  };
}
