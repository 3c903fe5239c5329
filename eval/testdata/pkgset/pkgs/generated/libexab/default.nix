{ lib, stdenv, fetchurl, libfynu, corcormi, libcortemka, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2014";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libexab";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libexab_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1i8r7ysss1z3zk4gwrpm7asgv11ymnav1yc13gwi3942zmx1d63h";
  };

  buildInputs = [ libfynu ];
  propagatedBuildInputs = [ corcormi libcortemka ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libfynu ] ++ [ corcormi libcortemka ]);

  meta = with lib; {
    description = "The libexab library, generated";
    homepage = "https://example.org/projects/libexab";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
