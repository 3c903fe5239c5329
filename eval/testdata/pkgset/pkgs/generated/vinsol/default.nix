{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, gracor, quiqui, belpul }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "vinsol-unwrapped";
    version = "1.1.3";
    src = fetchurl {
      url = "https://example.org/releases/vinsol-${version}.tar.gz";
      hash = "sha256-QBolNeEVxzBpHChNUB9pPfDnYrBgG6p+jDI8VDAZ8nY=";
    };
    buildInputs = [ gracor quiqui ];
    propagatedBuildInputs = [ belpul ];
  };
  runtimePath = lib.makeBinPath [ gracor quiqui ];
in
symlinkJoin {
  name = "vinsol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "vinsol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/vinsol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The vinsol library, generated";
    homepage = "https://example.org/projects/vinsol";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob ];
  };
}
