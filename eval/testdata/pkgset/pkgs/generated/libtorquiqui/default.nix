{ lib, stdenv, fetchurl, libnusen, senrak, libkacorsen, libpulpul, libnulopul, quitem, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2009";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libtorquiqui";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libtorquiqui_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "8d47e54c5a5189c6630eac0db3e00c8231b1548328861197d62d688cac7ce3b0";
  };

  buildInputs = [ libnusen senrak libkacorsen libpulpul ];
  propagatedBuildInputs = [ libnulopul quitem ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libnusen senrak libkacorsen libpulpul ] ++ [ libnulopul quitem ]);

  meta = with lib; {
    description = "The libtorquiqui library, generated";
    homepage = "https://example.org/projects/libtorquiqui";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
