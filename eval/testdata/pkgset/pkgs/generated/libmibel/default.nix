{ lib, stdenv, fetchurl, libcortemka, libvinlodor, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "8.16.17";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libmibel";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libmibel_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-y0x5HyBeuEOmCoBnUUUxuF3GE/jEyWbSwYik5Yu6ORE=";
  };

  buildInputs = [ libcortemka libvinlodor ];
  propagatedBuildInputs = [ libvinlodor ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libcortemka libvinlodor ] ++ [ libvinlodor ]);

  meta = with lib; {
    description = "The libmibel library, generated";
    homepage = "https://example.org/projects/libmibel";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave ];
  };
}
