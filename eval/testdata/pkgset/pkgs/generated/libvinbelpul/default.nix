{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, temcormi, libpulpul, vincor, libminuzip, libvinzelo }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libvinbelpul-unwrapped";
    version = "0.16.35";
    src = fetchurl {
      url = "https://example.org/releases/libvinbelpul-${version}.tar.gz";
      sha256 = "09eee7d967773d50c0981a6aed37f4e80f91efdba9e613137fc72ceb12c1b161";
    };
    buildInputs = [ temcormi libpulpul vincor ];
    propagatedBuildInputs = [ libminuzip libvinzelo ];
  };
  runtimePath = lib.makeBinPath [ temcormi libpulpul vincor ];
in
symlinkJoin {
  name = "libvinbelpul-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libvinbelpul" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libvinbelpul "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libvinbelpul library, generated";
    homepage = "https://example.org/projects/libvinbelpul";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
