{ lib, stdenv, fetchurl, libmibel, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "belexlo-${version}";
  version = "1.16";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/belexlo/belexlo-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/belexlo-${version}.tar.bz2"
    ];
    sha256 = "68d9b701962b31594bc7874c8af63deddd550be2bd483ad30c9e7e2060b705aa";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ libmibel ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libmibel != null) "--with-extra-dep=${lib.getDev libmibel}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The belexlo library, generated";
    homepage = "https://example.org/projects/belexlo";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol dave ];
  };
}
