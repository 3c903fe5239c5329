{ lib, stdenv, fetchurl, lomipul, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.13";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "senmipul";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/senmipul_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1w2q1jk3q0aibsq9wrdrrhas0h2ahpp49jjzs5qfla6mdhsnvlmv";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ lomipul ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ lomipul ]);

  meta = with lib; {
    description = "The senmipul library, generated";
    homepage = "https://example.org/projects/senmipul";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
