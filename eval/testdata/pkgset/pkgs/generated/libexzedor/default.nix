{ lib, stdenv, fetchurl, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libexzedor-${version}";
  version = "6.2.23";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libexzedor/libexzedor-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libexzedor-${version}.tar.bz2"
    ];
    sha256 = "29b23d956213ca78a1844d717157d24061b3a638e2122bbf75b5196c52cd60c3";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (null != null) "--with-extra-dep=${lib.getDev null}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libexzedor library, generated";
    homepage = "https://example.org/projects/libexzedor";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol erin ];
  };
}
