{ lib, stdenv, fetchurl, corcormi, nugra, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "8.8.5";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libnuvinmi";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libnuvinmi_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1p5n8v6v8lgd6nrv2x4ag45h4dxl7sggh9ibr8z2g2h3bqy9k6k0";
  };

  buildInputs = [ corcormi ];
  propagatedBuildInputs = [ nugra ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ corcormi ] ++ [ nugra ]);

  meta = with lib; {
    description = "The libnuvinmi library, generated";
    homepage = "https://example.org/projects/libnuvinmi";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
