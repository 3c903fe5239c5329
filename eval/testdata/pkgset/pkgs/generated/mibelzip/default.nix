{ lib, stdenv, fetchurl, quitem, libmibel, libbeldortor, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "mibelzip-${version}";
  version = "1.15.10";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/mibelzip/mibelzip-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/mibelzip-${version}.tar.bz2"
    ];
    hash = "sha256-a+tgsf2GENXUcGaCnJw/3IXN4RUvIvlCpdnZy/PcxXM=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libmibel libbeldortor ] ++ lib.optionals withExtra [ quitem ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (quitem != null) "--with-extra-dep=${lib.getDev quitem}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The mibelzip library, generated";
    homepage = "https://example.org/projects/mibelzip";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
