{ lib, stdenv, fetchurl, libfynu, lopulvin, openssl, zipzenu, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libzipqui-${version}";
  version = "4.13.35";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libzipqui/libzipqui-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libzipqui-${version}.tar.bz2"
    ];
    sha256 = "1bd2e23d18ed9d8a33bdedd5ec03be508e74d3960b1c2b9603316e0aecaef73d";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ lopulvin openssl ] ++ lib.optionals withExtra [ libfynu ];
  propagatedBuildInputs = [ zipzenu ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libfynu != null) "--with-extra-dep=${lib.getDev libfynu}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libzipqui library, generated";
    homepage = "https://example.org/projects/libzipqui";
    license = licenses.zlib;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave ];
  };
}
