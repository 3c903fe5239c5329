{ lib, stdenv, fetchurl, zlib, solzipbel, libexexfy, libtorquiqui, libpulzecor, vinvin, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libfyzeze-${version}";
  version = "6.13.6";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libfyzeze/libfyzeze-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libfyzeze-${version}.tar.bz2"
    ];
    hash = "sha256-LG8paywuQ9AGaOIvCTC59XaJnrw3ooQY/JNqm1QHVu0=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ solzipbel libexexfy libtorquiqui ] ++ lib.optionals withExtra [ zlib ];
  propagatedBuildInputs = [ libpulzecor vinvin ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (zlib != null) "--with-extra-dep=${lib.getDev zlib}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libfyzeze library, generated";
    homepage = "https://example.org/projects/libfyzeze";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
