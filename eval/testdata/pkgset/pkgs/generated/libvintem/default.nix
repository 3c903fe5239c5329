{ lib, stdenv, fetchurl, mizip, quitem, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.5.4";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libvintem";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libvintem_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-uIalYTQWhQ+9vp6vn4eZBsMUjOEUoo1sVPkmrJbL28o=";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ mizip quitem ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ mizip quitem ]);

  meta = with lib; {
    description = "The libvintem library, generated";
    homepage = "https://example.org/projects/libvintem";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
