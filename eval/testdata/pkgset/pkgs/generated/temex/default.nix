{ lib, stdenv, fetchurl, nufyex, zipzenu, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.0";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "temex";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/temex_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-5mFvygqFAUEql1nL7XkJ1ZudX9vlaNfoT7kxNsnhn78=";
  };

  buildInputs = [ nufyex ];
  propagatedBuildInputs = [ zipzenu ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ nufyex ] ++ [ zipzenu ]);

  meta = with lib; {
    description = "The temex library, generated";
    homepage = "https://example.org/projects/temex";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
