{ lib, stdenv, fetchurl, libpultor, abqui, kaquigra, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "corcorka-${version}";
  version = "5.14.16";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/corcorka/corcorka-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/corcorka-${version}.tar.bz2"
    ];
    sha256 = "1vz2xlddwb9pv4gsljnc0592gar5sl05riiraahf6ci8b2chc9kg";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ abqui ] ++ lib.optionals withExtra [ libpultor ];
  propagatedBuildInputs = [ kaquigra ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libpultor != null) "--with-extra-dep=${lib.getDev libpultor}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The corcorka library, generated";
    homepage = "https://example.org/projects/corcorka";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
