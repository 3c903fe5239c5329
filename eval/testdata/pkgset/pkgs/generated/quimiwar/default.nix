{ lib, stdenv, fetchurl, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "0.4";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "quimiwar";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/quimiwar_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "28c24f869cd31f25950c9806c32e9ae631925dfd967699d574fd91be84f5ea0e";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ ]);

  meta = with lib; {
    description = "The quimiwar library, generated";
    homepage = "https://example.org/projects/quimiwar";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
