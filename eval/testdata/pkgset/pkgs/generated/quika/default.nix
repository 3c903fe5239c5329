{ lib, stdenv, fetchurl, zipdorwar, lomipul, libbelkaab, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.0.1";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "quika";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/quika_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-W1MWRhX9klF3L4YSEJHFL1xaxMdzn4/4QBQWeo6f0Js=";
  };

  buildInputs = [ zipdorwar lomipul ];
  propagatedBuildInputs = [ libbelkaab ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ zipdorwar lomipul ] ++ [ libbelkaab ]);

  meta = with lib; {
    description = "The quika library, generated";
    homepage = "https://example.org/projects/quika";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
