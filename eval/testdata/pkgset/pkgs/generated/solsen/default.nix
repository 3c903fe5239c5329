{ lib, stdenv, fetchurl, libvinzelo, libfyzeze, belexlo, lomipul, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2005";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "solsen";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/solsen_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "35114098137c59c94adda74f794987ac9e5b0e4852bb33e1c7fa584182d67a0c";
  };

  buildInputs = [ libvinzelo libfyzeze ];
  propagatedBuildInputs = [ belexlo lomipul ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libvinzelo libfyzeze ] ++ [ belexlo lomipul ]);

  meta = with lib; {
    description = "The solsen library, generated";
    homepage = "https://example.org/projects/solsen";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
