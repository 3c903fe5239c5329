{ lib, stdenv, fetchurl, pulgra, liblocorzip, granuex, exsol, libzewar, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.7.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libkaquinu";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libkaquinu_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "c0cd1ded2fd58c0382cbe3d709b1d36cffa37c631b2a26b27009cafec88c67cc";
  };

  buildInputs = [ pulgra liblocorzip granuex ];
  propagatedBuildInputs = [ exsol libzewar ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ pulgra liblocorzip granuex ] ++ [ exsol libzewar ]);

  meta = with lib; {
    description = "The libkaquinu library, generated";
    homepage = "https://example.org/projects/libkaquinu";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
