{ lib, stdenv, fetchurl, temcormi, lopulvin, curl, perl, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libtorabwar-${version}";
  version = "1.4.6";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libtorabwar/libtorabwar-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libtorabwar-${version}.tar.bz2"
    ];
    sha256 = "182gk139yqhb7k4q2a6z6zn8jrsdmzz70glwwlscil3qic5wqpmr";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ lopulvin curl perl ] ++ lib.optionals withExtra [ temcormi ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (temcormi != null) "--with-extra-dep=${lib.getDev temcormi}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libtorabwar library, generated";
    homepage = "https://example.org/projects/libtorabwar";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
