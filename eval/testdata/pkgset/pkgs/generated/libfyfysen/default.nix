{ lib, stdenv, fetchurl, libabex, vingra, libsenvinbel, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.9.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libfyfysen";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libfyfysen_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-IAr5E54W76WC/DOfE93x13+VrivlCU/7CIBIaO6gzi8=";
  };

  buildInputs = [ libabex vingra ];
  propagatedBuildInputs = [ libsenvinbel ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libabex vingra ] ++ [ libsenvinbel ]);

  meta = with lib; {
    description = "The libfyfysen library, generated";
    homepage = "https://example.org/projects/libfyfysen";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
