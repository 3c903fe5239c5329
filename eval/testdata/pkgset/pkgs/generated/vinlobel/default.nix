{ lib, stdenv, fetchurl, tormiab, libwarvinlo, libpulmimi, libvinziptor, quika, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "4.28";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "vinlobel";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/vinlobel_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "b0676cc03367d31257598e0dfe241acb879076f98ef3ef89eaccf2c2189e93a0";
  };

  buildInputs = [ tormiab libwarvinlo libpulmimi libvinziptor ];
  propagatedBuildInputs = [ quika ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ tormiab libwarvinlo libpulmimi libvinziptor ] ++ [ quika ]);

  meta = with lib; {
    description = "The vinlobel library, generated";
    homepage = "https://example.org/projects/vinlobel";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
