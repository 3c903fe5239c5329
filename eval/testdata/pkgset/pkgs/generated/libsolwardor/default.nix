{ lib, stdenv, fetchurl, libabex, libtempul, libpuldorvin, mizip, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "4.17";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libsolwardor";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libsolwardor_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "005syw0w420zvsls7kak08i6skpk3mfbfrf8kdfck8nlk0p1m7mg";
  };

  buildInputs = [ libabex libtempul ];
  propagatedBuildInputs = [ libpuldorvin mizip ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libabex libtempul ] ++ [ libpuldorvin mizip ]);

  meta = with lib; {
    description = "The libsolwardor library, generated";
    homepage = "https://example.org/projects/libsolwardor";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
