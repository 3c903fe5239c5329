{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libpuldor, libtemfyze }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libzipab-unwrapped";
    version = "2012";
    src = fetchurl {
      url = "https://example.org/releases/libzipab-${version}.tar.gz";
      sha256 = "e51ecb2c5856326ea66adfd1bb4ef8c69c27854d170a48a4ab7e60e6e98c5ceb";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ libpuldor libtemfyze ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libzipab-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libzipab" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libzipab "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libzipab library, generated";
    homepage = "https://example.org/projects/libzipab";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
