{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libvinzipka, zipzenu, rakdor, quiex, libzewar, libcortemka }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libpulpul-unwrapped";
    version = "4.0";
    src = fetchurl {
      url = "https://example.org/releases/libpulpul-${version}.tar.gz";
      sha256 = "04ckjqhqf1qz0wcwf7j71mss14qbif7dzbqapjjgy6hkiycjf7b0";
    };
    buildInputs = [ libvinzipka zipzenu rakdor quiex ];
    propagatedBuildInputs = [ libzewar libcortemka ];
  };
  runtimePath = lib.makeBinPath [ libvinzipka zipzenu rakdor quiex ];
in
symlinkJoin {
  name = "libpulpul-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libpulpul" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libpulpul "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libpulpul library, generated";
    homepage = "https://example.org/projects/libpulpul";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
