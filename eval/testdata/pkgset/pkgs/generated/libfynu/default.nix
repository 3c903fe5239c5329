{ lib, stdenv, fetchurl, temcormi, libdortemlo, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.6.33";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libfynu";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libfynu_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "18q78s2h88bwhc5mcsl42k9rhd1a1z8jxzb39pxbsl0phawy2hv4";
  };

  buildInputs = [ temcormi ];
  propagatedBuildInputs = [ temcormi libdortemlo ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ temcormi ] ++ [ temcormi libdortemlo ]);

  meta = with lib; {
    description = "The libfynu library, generated";
    homepage = "https://example.org/projects/libfynu";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
