{ lib, stdenv, fetchurl, libpultor, zlib, libmibel, mizip, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "tormiab-${version}";
  version = "5.7.32";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/tormiab/tormiab-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/tormiab-${version}.tar.bz2"
    ];
    hash = "sha256-dgf+zKIkU/QiIvCgmOagHXs8ApBaofHpHEho/fMEH3o=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ zlib libmibel ] ++ lib.optionals withExtra [ libpultor ];
  propagatedBuildInputs = [ mizip ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libpultor != null) "--with-extra-dep=${lib.getDev libpultor}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The tormiab library, generated";
    homepage = "https://example.org/projects/tormiab";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
