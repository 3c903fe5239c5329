{ lib, stdenv, fetchurl, belexlo, libkazewar, libzebelfy, abqui, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "librakabka-${version}";
  version = "2019";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/librakabka/librakabka-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/librakabka-${version}.tar.bz2"
    ];
    hash = "sha256-yPLW4ckZDyRmxcUpD+PAD2E8CMyU43vn+GkJxwqKmBI=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libkazewar ] ++ lib.optionals withExtra [ belexlo ];
  propagatedBuildInputs = [ libzebelfy abqui ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (belexlo != null) "--with-extra-dep=${lib.getDev belexlo}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The librakabka library, generated";
    homepage = "https://example.org/projects/librakabka";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
