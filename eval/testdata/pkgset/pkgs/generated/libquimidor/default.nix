{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libabex, temlo }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libquimidor-unwrapped";
    version = "3.1.16";
    src = fetchurl {
      url = "https://example.org/releases/libquimidor-${version}.tar.gz";
      sha256 = "e6638bad2dd82cbce12bf953b10525ebe2495fdd69248163298bfc3aec7546b3";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ libabex temlo ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "libquimidor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libquimidor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libquimidor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libquimidor library, generated";
    homepage = "https://example.org/projects/libquimidor";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
