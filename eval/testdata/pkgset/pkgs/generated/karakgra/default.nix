{ lib, stdenv, fetchurl, zlib, libvinlodor, libcortemka, libvinzipka, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.3.3";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "karakgra";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/karakgra_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "e0e0dcf8cfe863cc6c1aaa5e733ec38bb346b82ced026a40d8869acda539827b";
  };

  buildInputs = [ zlib libvinlodor libcortemka libvinzipka ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ zlib libvinlodor libcortemka libvinzipka ] ++ [ ]);

  meta = with lib; {
    description = "The karakgra library, generated";
    homepage = "https://example.org/projects/karakgra";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol alice ];
  };
}
