{ lib, stdenv, fetchurl, libtorrakcor, vinqui, libzipdor, migra, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "0.8";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "mitemvin";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/mitemvin_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-zShtzNnt+RU9oq/1HovZmaFEk2L4L1mApnw8GyGUTLM=";
  };

  buildInputs = [ libtorrakcor vinqui libzipdor migra ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libtorrakcor vinqui libzipdor migra ] ++ [ ]);

  meta = with lib; {
    description = "The mitemvin library, generated";
    homepage = "https://example.org/projects/mitemvin";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
