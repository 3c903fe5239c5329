{ lib, stdenv, fetchurl, libtorabwar, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "7.9.36";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "senka";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/senka_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1n1562v838ic15d23p9z09gc7m8wphm1kqi950d3k7vxm6d3lh6m";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ libtorabwar ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ libtorabwar ]);

  meta = with lib; {
    description = "The senka library, generated";
    homepage = "https://example.org/projects/senka";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
