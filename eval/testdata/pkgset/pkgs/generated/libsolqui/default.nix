{ lib, stdenv, fetchurl, granu, warcorsol, corgrator, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.14";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libsolqui";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libsolqui_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "04xhljz903a81yawh4j0j44771jprn8ppdcrfg7pq7zva7ya13ka";
  };

  buildInputs = [ granu warcorsol ];
  propagatedBuildInputs = [ corgrator ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ granu warcorsol ] ++ [ corgrator ]);

  meta = with lib; {
    description = "The libsolqui library, generated";
    homepage = "https://example.org/projects/libsolqui";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
