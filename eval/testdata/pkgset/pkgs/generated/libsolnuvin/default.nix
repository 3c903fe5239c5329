{ lib, stdenv, fetchurl, pulgra, libdorlo, libkacorsen, libfynu, abqui, kami, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "4.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libsolnuvin";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libsolnuvin_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "4fa581e19e6eb1faba3cce56b45ad36eeaf4f8283b7e53fe038c1a2dd2bc50b5";
  };

  buildInputs = [ pulgra libdorlo libkacorsen libfynu ];
  propagatedBuildInputs = [ abqui kami ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ pulgra libdorlo libkacorsen libfynu ] ++ [ abqui kami ]);

  meta = with lib; {
    description = "The libsolnuvin library, generated";
    homepage = "https://example.org/projects/libsolnuvin";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob ];
  };
}
