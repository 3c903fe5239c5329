{ lib, stdenv, fetchurl, libtemgra, libkacorsen, libtorlovin, libvinzelo, miablo, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "0.3";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "gracor";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/gracor_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-OFpNuHXKCafAspYw9nlozJ4me0zHKukylQzfHuilq90=";
  };

  buildInputs = [ libtemgra libkacorsen libtorlovin libvinzelo ];
  propagatedBuildInputs = [ miablo ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libtemgra libkacorsen libtorlovin libvinzelo ] ++ [ miablo ]);

  meta = with lib; {
    description = "The gracor library, generated";
    homepage = "https://example.org/projects/gracor";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
