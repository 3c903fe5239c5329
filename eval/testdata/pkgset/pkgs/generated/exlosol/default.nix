{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libcorquiqui, quika, zipzenu }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "exlosol-unwrapped";
    version = "4.19";
    src = fetchurl {
      url = "https://example.org/releases/exlosol-${version}.tar.gz";
      sha256 = "10b36b60fb4a118499ef522610c7e3564f963ebdbbe3b974ef2365c1f374b56e";
    };
    buildInputs = [ libcorquiqui ];
    propagatedBuildInputs = [ quika zipzenu ];
  };
  runtimePath = lib.makeBinPath [ libcorquiqui ];
in
symlinkJoin {
  name = "exlosol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "exlosol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/exlosol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The exlosol library, generated";
    homepage = "https://example.org/projects/exlosol";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
