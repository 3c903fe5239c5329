{ lib, stdenv, fetchurl, libkacorsen, libexfy, libbeldortor, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.7.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "sentem";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/sentem_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "01m51hanir23gpqi4x834qwi21xxh53ww5kjsvhm76rdjvnlcq8v";
  };

  buildInputs = [ libkacorsen libexfy ];
  propagatedBuildInputs = [ libbeldortor ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libkacorsen libexfy ] ++ [ libbeldortor ]);

  meta = with lib; {
    description = "The sentem library, generated";
    homepage = "https://example.org/projects/sentem";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
