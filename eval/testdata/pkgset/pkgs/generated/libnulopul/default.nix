{ lib, stdenv, fetchurl, libgraex, corcormi, pulgra, zlib, senka, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libnulopul-${version}";
  version = "3.20";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libnulopul/libnulopul-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libnulopul-${version}.tar.bz2"
    ];
    hash = "sha256-MoRldrBeSIZ+BNHo4WRnFswWZXE7JgeOmbsLGGIfxxs=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ corcormi pulgra zlib ] ++ lib.optionals withExtra [ libgraex ];
  propagatedBuildInputs = [ libgraex senka ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libgraex != null) "--with-extra-dep=${lib.getDev libgraex}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libnulopul library, generated";
    homepage = "https://example.org/projects/libnulopul";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
