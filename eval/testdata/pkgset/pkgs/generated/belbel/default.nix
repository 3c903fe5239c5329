{ lib, stdenv, fetchurl, lorak, libzipqui, exdor, libsolqui, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "0.2.14";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "belbel";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/belbel_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "903e0290e6701192e8e03dc15f222aa2a7a343f45d0c197f9c2da3e932317a40";
  };

  buildInputs = [ lorak libzipqui ];
  propagatedBuildInputs = [ exdor libsolqui ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ lorak libzipqui ] ++ [ exdor libsolqui ]);

  meta = with lib; {
    description = "The belbel library, generated";
    homepage = "https://example.org/projects/belbel";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ erin carol ];
  };
}
