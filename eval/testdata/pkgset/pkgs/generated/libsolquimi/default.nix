{ lib, stdenv, fetchurl, torgralo, belexnu, exdor, libsolqui, libzewar, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libsolquimi-${version}";
  version = "3.6.1";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libsolquimi/libsolquimi-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libsolquimi-${version}.tar.bz2"
    ];
    sha256 = "14vi0babmy34g0gxfggmjirwyijq7234fj8rd0pmj3naz70v46ri";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ belexnu exdor libsolqui ] ++ lib.optionals withExtra [ torgralo ];
  propagatedBuildInputs = [ libzewar ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (torgralo != null) "--with-extra-dep=${lib.getDev torgralo}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libsolquimi library, generated";
    homepage = "https://example.org/projects/libsolquimi";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
