{ lib, stdenv, fetchurl, katemab, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2024";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "zipcorlo";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/zipcorlo_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-4UfR21crT1vEwSzDDeXjOD6ImqgVF9LM3AYNJB6BQHI=";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ katemab ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ katemab ]);

  meta = with lib; {
    description = "The zipcorlo library, generated";
    homepage = "https://example.org/projects/zipcorlo";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
