{ lib, stdenv, fetchurl, libdorlo, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libtemtemex-${version}";
  version = "3.0";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libtemtemex/libtemtemex-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libtemtemex-${version}.tar.bz2"
    ];
    sha256 = "59981f650305859fe8fb70fddb0d142d3e4bc41db52de0ea26de1cc1946ddf3c";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ libdorlo ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libdorlo != null) "--with-extra-dep=${lib.getDev libdorlo}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libtemtemex library, generated";
    homepage = "https://example.org/projects/libtemtemex";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol erin ];
  };
}
