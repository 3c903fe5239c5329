{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libfypul, belab, libpuldor, perl, libkaquinu }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "temlo-unwrapped";
    version = "0.14.26";
    src = fetchurl {
      url = "https://example.org/releases/temlo-${version}.tar.gz";
      sha256 = "f5d490b1e246631948446c8a39d4f5355e8a03acfa1c5268dd6952559045b022";
    };
    buildInputs = [ libfypul belab libpuldor perl ];
    propagatedBuildInputs = [ libkaquinu ];
  };
  runtimePath = lib.makeBinPath [ libfypul belab libpuldor perl ];
in
symlinkJoin {
  name = "temlo-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "temlo" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/temlo "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The temlo library, generated";
    homepage = "https://example.org/projects/temlo";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
