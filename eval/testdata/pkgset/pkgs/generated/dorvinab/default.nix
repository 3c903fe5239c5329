{ lib, stdenv, fetchurl, exsenzip, libsolwardor, libminuzip, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.0.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "dorvinab";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/dorvinab_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "9fd48ad9e5835d20530a149974d47475394e45f70d14f32b68d5ac1a284ec5a1";
  };

  buildInputs = [ exsenzip ];
  propagatedBuildInputs = [ libsolwardor libminuzip ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ exsenzip ] ++ [ libsolwardor libminuzip ]);

  meta = with lib; {
    description = "The dorvinab library, generated";
    homepage = "https://example.org/projects/dorvinab";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave alice ];
  };
}
