{ lib, stdenv, fetchurl, libfygra, warka, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libtorlovin-${version}";
  version = "3.19.37";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libtorlovin/libtorlovin-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libtorlovin-${version}.tar.bz2"
    ];
    sha256 = "0z8g9s0y3q45xps6vqcq5z6b4kywf41f4jmcar5l55j6kys65bny";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ libfygra ];
  propagatedBuildInputs = [ warka ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libfygra != null) "--with-extra-dep=${lib.getDev libfygra}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libtorlovin library, generated";
    homepage = "https://example.org/projects/libtorlovin";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
