{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, liblotormi, libsoltemgra, libloloab }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "beldor-unwrapped";
    version = "0.28";
    src = fetchurl {
      url = "https://example.org/releases/beldor-${version}.tar.gz";
      hash = "sha256-ob4w9m9o3OjMPVHU9uDAft2VtfPEaXahza6WwkY18wU=";
    };
    buildInputs = [ liblotormi libsoltemgra libloloab ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ liblotormi libsoltemgra libloloab ];
in
symlinkJoin {
  name = "beldor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "beldor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/beldor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The beldor library, generated";
    homepage = "https://example.org/projects/beldor";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
