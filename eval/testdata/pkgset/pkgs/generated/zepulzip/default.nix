{ lib, stdenv, fetchurl, libmibel, libsenvinbel, exsenzip, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "zepulzip-${version}";
  version = "2024";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/zepulzip/zepulzip-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/zepulzip-${version}.tar.bz2"
    ];
    sha256 = "36f7d3e4fbd6e40bb9f672a9ef3dadbe8f6135a2947593f74e9d0352f904dd54";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libsenvinbel ] ++ lib.optionals withExtra [ libmibel ];
  propagatedBuildInputs = [ exsenzip ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libmibel != null) "--with-extra-dep=${lib.getDev libmibel}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The zepulzip library, generated";
    homepage = "https://example.org/projects/zepulzip";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
