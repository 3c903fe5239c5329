{ lib, stdenv, fetchurl, belzip, libnulopul, libnulobel, libcortemka, libkafy, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libwardor-${version}";
  version = "1.5.1";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libwardor/libwardor-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libwardor-${version}.tar.bz2"
    ];
    hash = "sha256-jmoFfKkryCx+ec5rfYIpi2UnZ2hN5+xREFCoVt7gsBQ=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libnulopul libnulobel ] ++ lib.optionals withExtra [ belzip ];
  propagatedBuildInputs = [ libcortemka libkafy ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (belzip != null) "--with-extra-dep=${lib.getDev belzip}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libwardor library, generated";
    homepage = "https://example.org/projects/libwardor";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
