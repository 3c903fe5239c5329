{ lib, stdenv, fetchurl, libpuldorvin, quika, abnuqui, exsol, libminuzip, libtorzipbel, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.0";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libexfy";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libexfy_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-607VrtQ5ng8PKutjooDZzLK60RNU/4JIAYi5Nt5EISw=";
  };

  buildInputs = [ libpuldorvin quika abnuqui exsol ];
  propagatedBuildInputs = [ libminuzip libtorzipbel ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libpuldorvin quika abnuqui exsol ] ++ [ libminuzip libtorzipbel ]);

  meta = with lib; {
    description = "The libexfy library, generated";
    homepage = "https://example.org/projects/libexfy";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
