{ lib, stdenv, fetchurl, libkaquinu, libquibeltem, belexlo, libquibelrak, tormiab, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.2.1";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "excor";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/excor_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-s9DENEZ2lt+M/ItXfmsYx3CjqyWK8SYztvzT9PT9VX4=";
  };

  buildInputs = [ libkaquinu libquibeltem belexlo ];
  propagatedBuildInputs = [ libquibelrak tormiab ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libkaquinu libquibeltem belexlo ] ++ [ libquibelrak tormiab ]);

  meta = with lib; {
    description = "The excor library, generated";
    homepage = "https://example.org/projects/excor";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
