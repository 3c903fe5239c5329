{ lib, stdenv, fetchurl, libtorzipbel, abqui, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "0.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libsenka";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libsenka_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-/bH2s2tXy/E98XAaVugGNd/0o6ahfD5CTPYj7eJEBEI=";
  };

  buildInputs = [ libtorzipbel ];
  propagatedBuildInputs = [ abqui ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libtorzipbel ] ++ [ abqui ]);

  meta = with lib; {
    description = "The libsenka library, generated";
    homepage = "https://example.org/projects/libsenka";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
