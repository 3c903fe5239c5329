{ lib, stdenv, fetchurl, zipdorwar, libvinlodor, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "lopulvin-${version}";
  version = "0.1";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/lopulvin/lopulvin-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/lopulvin-${version}.tar.bz2"
    ];
    sha256 = "0m1pzkylrh4vx5d5s7dwzl2rbd05dhfxgwf442r26ms1g1riihki";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libvinlodor ] ++ lib.optionals withExtra [ zipdorwar ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (zipdorwar != null) "--with-extra-dep=${lib.getDev zipdorwar}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The lopulvin library, generated";
    homepage = "https://example.org/projects/lopulvin";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
