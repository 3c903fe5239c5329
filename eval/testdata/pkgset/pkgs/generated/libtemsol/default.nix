{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, tormiab, corcormi }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libtemsol-unwrapped";
    version = "1.1.8";
    src = fetchurl {
      url = "https://example.org/releases/libtemsol-${version}.tar.gz";
      sha256 = "1093fd988420fbec59739d0f5a53821f7e8dba915fcd59d2abb1f8f0b8c5b3ba";
    };
    buildInputs = [ tormiab ];
    propagatedBuildInputs = [ corcormi ];
  };
  runtimePath = lib.makeBinPath [ tormiab ];
in
symlinkJoin {
  name = "libtemsol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libtemsol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libtemsol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libtemsol library, generated";
    homepage = "https://example.org/projects/libtemsol";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol erin ];
  };
}
