{ lib, stdenv, fetchurl, libzewar, libvinlodor, rakdor, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "4.18";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libdorlo";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libdorlo_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1lgjkvkbizpfrkf3a39wflv68jaabx8v8g1lls3ips2axhf0mh1h";
  };

  buildInputs = [ libzewar libvinlodor rakdor ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libzewar libvinlodor rakdor ] ++ [ ]);

  meta = with lib; {
    description = "The libdorlo library, generated";
    homepage = "https://example.org/projects/libdorlo";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob carol ];
  };
}
