{ lib, stdenv, fetchurl, quika, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2019";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "miablo";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/miablo_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "bed3b2f93377ab2fde61930d3abdd1b1c8312a5be2ec6139fd85a5d2e9f33b2f";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ quika ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ quika ]);

  meta = with lib; {
    description = "The miablo library, generated";
    homepage = "https://example.org/projects/miablo";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
