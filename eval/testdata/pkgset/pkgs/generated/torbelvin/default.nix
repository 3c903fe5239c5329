{ lib, stdenv, fetchurl, libquilotor, libkaquinu, libgranu, libwarvinlo, libfynu, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "5.1.22";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "torbelvin";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/torbelvin_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "03vir62mgwsv357zyyrlahwyjmlhi3kgj5xl5hx2lcwmcginxaz8";
  };

  buildInputs = [ libquilotor libkaquinu libgranu libwarvinlo ];
  propagatedBuildInputs = [ libfynu ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libquilotor libkaquinu libgranu libwarvinlo ] ++ [ libfynu ]);

  meta = with lib; {
    description = "The torbelvin library, generated";
    homepage = "https://example.org/projects/torbelvin";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob alice ];
  };
}
