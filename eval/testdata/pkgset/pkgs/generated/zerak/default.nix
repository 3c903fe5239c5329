{ lib, stdenv, fetchurl, libnulopul, libnuziptem, belbel, torrak, librakzedor, nucorwar, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2.6.6";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "zerak";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/zerak_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1cm15z0lx64y6643pwgz0j7d0287y7lj15f8416s4774279d5bgl";
  };

  buildInputs = [ libnulopul libnuziptem belbel torrak ];
  propagatedBuildInputs = [ librakzedor nucorwar ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libnulopul libnuziptem belbel torrak ] ++ [ librakzedor nucorwar ]);

  meta = with lib; {
    description = "The zerak library, generated";
    homepage = "https://example.org/projects/zerak";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
