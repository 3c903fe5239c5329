{ lib, stdenv, fetchurl, abnuqui, libkacorsen, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "1.0";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libtemsensol";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libtemsensol_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "97117fe0a0d965cc80b835c744aef4dcfa8249f65947c4e33794f93f89830598";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ abnuqui libkacorsen ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ abnuqui libkacorsen ]);

  meta = with lib; {
    description = "The libtemsensol library, generated";
    homepage = "https://example.org/projects/libtemsensol";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice erin ];
  };
}
