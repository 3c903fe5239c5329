{ lib, stdenv, fetchurl, torqui, libquibeltem, libvinzipka, mizip, libpuldorvin, libgranu, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "5.13.22";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libexrakmi";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libexrakmi_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "b0ec808e3b734a5e57c66f16f06f51616a908c10db638ae3597ba0db91ef0b77";
  };

  buildInputs = [ torqui libquibeltem libvinzipka mizip ];
  propagatedBuildInputs = [ libpuldorvin libgranu ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ torqui libquibeltem libvinzipka mizip ] ++ [ libpuldorvin libgranu ]);

  meta = with lib; {
    description = "The libexrakmi library, generated";
    homepage = "https://example.org/projects/libexrakmi";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
