{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libcortemka, libzebelfy, libpuldorvin, libfygra }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libpulzecor-unwrapped";
    version = "2001";
    src = fetchurl {
      url = "https://example.org/releases/libpulzecor-${version}.tar.gz";
      sha256 = "1cy55vpyqdxbd5jzn0fgchrinqx2yyrbcnikqm09fm5ybj990qrc";
    };
    buildInputs = [ libcortemka libzebelfy libpuldorvin libfygra ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ libcortemka libzebelfy libpuldorvin libfygra ];
in
symlinkJoin {
  name = "libpulzecor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libpulzecor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libpulzecor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libpulzecor library, generated";
    homepage = "https://example.org/projects/libpulzecor";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
