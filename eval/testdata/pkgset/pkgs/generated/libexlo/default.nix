{ lib, stdenv, fetchurl, belzip, zipze, rakvin, abnuqui, libdorqui, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.7.8";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libexlo";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libexlo_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "9ba4d49731729c2f97e2355b6ff0d9df01de529c880db77acf1427329e16325b";
  };

  buildInputs = [ belzip zipze rakvin abnuqui ];
  propagatedBuildInputs = [ libdorqui ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ belzip zipze rakvin abnuqui ] ++ [ libdorqui ]);

  meta = with lib; {
    description = "The libexlo library, generated";
    homepage = "https://example.org/projects/libexlo";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
