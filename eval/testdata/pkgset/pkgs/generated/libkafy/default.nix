{ lib, stdenv, fetchurl, libvinziptor, nunu, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2016";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libkafy";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libkafy_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-kZ/dYAy5be7jR30FH8WruFnF4MX0IVN4RQQwawMGiow=";
  };

  buildInputs = [ libvinziptor ];
  propagatedBuildInputs = [ libvinziptor nunu ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libvinziptor ] ++ [ libvinziptor nunu ]);

  meta = with lib; {
    description = "The libkafy library, generated";
    homepage = "https://example.org/projects/libkafy";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice bob ];
  };
}
