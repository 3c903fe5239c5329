{ lib, stdenv, fetchurl, libbelkaab, temcormi, curl, libmibel, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "exsol-${version}";
  version = "2001";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/exsol/exsol-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/exsol-${version}.tar.bz2"
    ];
    hash = "sha256-qYRgGxn6L/vt352MIwIH+ugQbl03HIs/7wvzWjvq+wM=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ temcormi curl libmibel ] ++ lib.optionals withExtra [ libbelkaab ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libbelkaab != null) "--with-extra-dep=${lib.getDev libbelkaab}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The exsol library, generated";
    homepage = "https://example.org/projects/exsol";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
