{ lib, stdenv, fetchurl, mizip, openssl, temcormi, libcortemka, lopulvin, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2014";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "quiex";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/quiex_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1r460m6q7j17jmdchg4c01wwxk5a1jvsfxp94xc6xazkw6zldg4i";
  };

  buildInputs = [ mizip openssl temcormi ];
  propagatedBuildInputs = [ libcortemka lopulvin ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ mizip openssl temcormi ] ++ [ libcortemka lopulvin ]);

  meta = with lib; {
    description = "The quiex library, generated";
    homepage = "https://example.org/projects/quiex";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
