{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, liblocorzip, lorak }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libzewar-unwrapped";
    version = "2.9.2";
    src = fetchurl {
      url = "https://example.org/releases/libzewar-${version}.tar.gz";
      sha256 = "adb276f20f9f1154ac322eede80b7d00738a8161cf5f907c0cae23e23d2b2210";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ liblocorzip lorak ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libzewar-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libzewar" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libzewar "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libzewar library, generated";
    homepage = "https://example.org/projects/libzewar";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
