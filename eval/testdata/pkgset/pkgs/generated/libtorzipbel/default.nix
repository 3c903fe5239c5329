{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, belnuka }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libtorzipbel-unwrapped";
    version = "2.7.9";
    src = fetchurl {
      url = "https://example.org/releases/libtorzipbel-${version}.tar.gz";
      hash = "sha256-I8RR6qe8RDsEImG4it1xm80/2HRw5H1AnZBMO0BlFGo=";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ belnuka ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libtorzipbel-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libtorzipbel" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libtorzipbel "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libtorzipbel library, generated";
    homepage = "https://example.org/projects/libtorzipbel";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
