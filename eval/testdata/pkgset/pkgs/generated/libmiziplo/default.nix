{ lib, stdenv, fetchurl, tormiab, rakvin, libgraex, sentem, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libmiziplo-${version}";
  version = "1.7.4";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libmiziplo/libmiziplo-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libmiziplo-${version}.tar.bz2"
    ];
    sha256 = "11lwx4g1r3k7lz9yhw02kh8lmcfczf26kblgrbw0gjd2drp23yh9";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ rakvin ] ++ lib.optionals withExtra [ tormiab ];
  propagatedBuildInputs = [ libgraex sentem ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (tormiab != null) "--with-extra-dep=${lib.getDev tormiab}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libmiziplo library, generated";
    homepage = "https://example.org/projects/libmiziplo";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave bob ];
  };
}
