{ lib, stdenv, fetchurl, openssl, libpultor, coreutils, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libquibelrak-${version}";
  version = "3.9";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libquibelrak/libquibelrak-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libquibelrak-${version}.tar.bz2"
    ];
    sha256 = "0c5afc7e0b1b2fc07bdfe4e8c6df94f29371e588d7e78c5a6917c0edfbb1dee9";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libpultor coreutils ] ++ lib.optionals withExtra [ openssl ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (openssl != null) "--with-extra-dep=${lib.getDev openssl}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libquibelrak library, generated";
    homepage = "https://example.org/projects/libquibelrak";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
