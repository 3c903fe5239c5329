{ lib, stdenv, fetchurl, libfynu, exsol, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "1.14";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libpultor";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libpultor_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "625ef17e1ac45126672efc7b4068d82d987a837c93c58fd8f5760386718cf4cf";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ libfynu exsol ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ ] ++ [ libfynu exsol ]);

  meta = with lib; {
    description = "The libpultor library, generated";
    homepage = "https://example.org/projects/libpultor";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
