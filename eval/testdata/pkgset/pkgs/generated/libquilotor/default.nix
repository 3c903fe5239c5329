{ lib, stdenv, fetchurl, liblodorsen, coreutils, libbeldortor, corcormi, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "1.24";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libquilotor";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libquilotor_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "02znwskqwxbwaqm1rgapfs2wdwg1nws3dfag738jywg3cv1l9aw3";
  };

  buildInputs = [ liblodorsen coreutils libbeldortor ];
  propagatedBuildInputs = [ corcormi ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ liblodorsen coreutils libbeldortor ] ++ [ corcormi ]);

  meta = with lib; {
    description = "The libquilotor library, generated";
    homepage = "https://example.org/projects/libquilotor";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
