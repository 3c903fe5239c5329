{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libababfy-unwrapped";
    version = "2000";
    src = fetchurl {
      url = "https://example.org/releases/libababfy-${version}.tar.gz";
      hash = "sha256-dQkvUWCrUDjOpbuPuFAvZAXTf+MvC44VGCN9KLaKk40=";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libababfy-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libababfy" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libababfy "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libababfy library, generated";
    homepage = "https://example.org/projects/libababfy";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave erin ];
  };
}
