{ lib, stdenv, fetchurl, senmipul, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2008";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libgravinsen";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libgravinsen_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "0xl92wdbm66a1y2rxzf9g23373ri32g72j6fh0nzvhmcm5mnyxi8";
  };

  buildInputs = [ senmipul ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ senmipul ] ++ [ ]);

  meta = with lib; {
    description = "The libgravinsen library, generated";
    homepage = "https://example.org/projects/libgravinsen";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
