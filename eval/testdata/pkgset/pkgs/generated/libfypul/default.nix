{ lib, stdenv, fetchurl, sollosen, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libfypul-${version}";
  version = "1.6.0";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libfypul/libfypul-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libfypul-${version}.tar.bz2"
    ];
    sha256 = "154zzaxm1af6pvbl0ylf8ngp9rp7q3yp99h3ykrnh13lyvwh3wz4";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ sollosen ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (sollosen != null) "--with-extra-dep=${lib.getDev sollosen}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libfypul library, generated";
    homepage = "https://example.org/projects/libfypul";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
