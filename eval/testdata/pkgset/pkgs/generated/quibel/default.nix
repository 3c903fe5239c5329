{ lib, stdenv, fetchurl, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "9.9.28";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "quibel";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/quibel_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "0v61djab97zg3fnm4hd59ypm8w3l8a3z80x8qwf1zvpf725k3da1";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ ]);

  meta = with lib; {
    description = "The quibel library, generated";
    homepage = "https://example.org/projects/quibel";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
