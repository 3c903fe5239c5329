{ lib, stdenv, fetchurl, libquibelrak, libpuldorvin, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "1.9";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "torqui";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/torqui_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-+5bmapaj5tTSj9TI8T0ejXPqCBRsAvtKsqElcTx2aYo=";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ libquibelrak libpuldorvin ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ libquibelrak libpuldorvin ]);

  meta = with lib; {
    description = "The torqui library, generated";
    homepage = "https://example.org/projects/torqui";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
