{ lib, stdenv, fetchurl, libsolqui, libbeldortor, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "7.12.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libbelfyex";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libbelfyex_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-ilOVdlB3txKQ6qFvLTndLV54bWF7p7suZwqV/J/oqJ8=";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ libsolqui libbeldortor ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ libsolqui libbeldortor ]);

  meta = with lib; {
    description = "The libbelfyex library, generated";
    homepage = "https://example.org/projects/libbelfyex";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol ];
  };
}
