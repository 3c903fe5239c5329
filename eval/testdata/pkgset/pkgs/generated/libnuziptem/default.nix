{ lib, stdenv, fetchurl, belnuka, torrak, libabex, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libnuziptem-${version}";
  version = "2021";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libnuziptem/libnuziptem-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libnuziptem-${version}.tar.bz2"
    ];
    hash = "sha256-SGCQizZBhVDnV04dUIyZB/O4thwaNskeidE/bmbXalo=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ torrak libabex ] ++ lib.optionals withExtra [ belnuka ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (belnuka != null) "--with-extra-dep=${lib.getDev belnuka}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libnuziptem library, generated";
    homepage = "https://example.org/projects/libnuziptem";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin bob ];
  };
}
