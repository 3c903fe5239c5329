{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, abnuqui, exsol }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "nunu-unwrapped";
    version = "1.2";
    src = fetchurl {
      url = "https://example.org/releases/nunu-${version}.tar.gz";
      sha256 = "1lk9ildj0h34arym509yw8x6ilmz89sw25vm0d23grh6x8x2ng35";
    };
    buildInputs = [ abnuqui ];
    propagatedBuildInputs = [ exsol ];
  };
  runtimePath = lib.makeBinPath [ abnuqui ];
in
symlinkJoin {
  name = "nunu-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "nunu" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/nunu "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The nunu library, generated";
    homepage = "https://example.org/projects/nunu";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
