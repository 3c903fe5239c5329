{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, liblolofy, libpultor }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "belab-unwrapped";
    version = "1.9.27";
    src = fetchurl {
      url = "https://example.org/releases/belab-${version}.tar.gz";
      sha256 = "9a060f5bcb8cdc473113f12187c014160fb13d71892b25f60a1a9ec68bb03dd3";
    };
    buildInputs = [ liblolofy ];
    propagatedBuildInputs = [ libpultor ];
  };
  runtimePath = lib.makeBinPath [ liblolofy ];
in
symlinkJoin {
  name = "belab-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "belab" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/belab "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The belab library, generated";
    homepage = "https://example.org/projects/belab";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave bob ];
  };
}
