{ lib, stdenv, fetchurl, exlosol, libtemtemex, liblodorsen, libsolwardor, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "librakvinzip-${version}";
  version = "2016";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/librakvinzip/librakvinzip-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/librakvinzip-${version}.tar.bz2"
    ];
    sha256 = "7f9863c2e9e129d3888afab1841619649fca07b34538b1209cf4847c50cf59d1";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libtemtemex ] ++ lib.optionals withExtra [ exlosol ];
  propagatedBuildInputs = [ liblodorsen libsolwardor ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (exlosol != null) "--with-extra-dep=${lib.getDev exlosol}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The librakvinzip library, generated";
    homepage = "https://example.org/projects/librakvinzip";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
