{ lib, stdenv, fetchurl, abqui, libdorlo, libgraex, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.0.8";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "torrak";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/torrak_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-O/mr+XBXqIfUXtsr8vxbKCL1G5qhsg/fzV2IU/2mfZ8=";
  };

  buildInputs = [ abqui ];
  propagatedBuildInputs = [ libdorlo libgraex ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ abqui ] ++ [ libdorlo libgraex ]);

  meta = with lib; {
    description = "The torrak library, generated";
    homepage = "https://example.org/projects/torrak";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave carol ];
  };
}
