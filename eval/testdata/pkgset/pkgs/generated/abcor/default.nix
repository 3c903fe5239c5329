{ lib, stdenv, fetchurl, libkafy, libfymidor, librakvinzip, pulgra, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "abcor-${version}";
  version = "2020";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/abcor/abcor-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/abcor-${version}.tar.bz2"
    ];
    sha256 = "18d96e6050c07a4fdf0e85b597fa44a0d1a89ded1ebe0238337e01eee6ea2d17";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libfymidor ] ++ lib.optionals withExtra [ libkafy ];
  propagatedBuildInputs = [ librakvinzip pulgra ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libkafy != null) "--with-extra-dep=${lib.getDev libkafy}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The abcor library, generated";
    homepage = "https://example.org/projects/abcor";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
