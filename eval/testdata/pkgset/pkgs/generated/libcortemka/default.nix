{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, lorak, libvinlodor, lopulvin }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libcortemka-unwrapped";
    version = "1.14";
    src = fetchurl {
      url = "https://example.org/releases/libcortemka-${version}.tar.gz";
      hash = "sha256-kQ0iodUK/IHKdAkKPQFIO9N1jUWmk/3Oi2vA1Ow5kl8=";
    };
    buildInputs = [ lorak libvinlodor lopulvin ];
    propagatedBuildInputs = [ lopulvin ];
  };
  runtimePath = lib.makeBinPath [ lorak libvinlodor lopulvin ];
in
symlinkJoin {
  name = "libcortemka-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libcortemka" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libcortemka "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libcortemka library, generated";
    homepage = "https://example.org/projects/libcortemka";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave ];
  };
}
