{ lib, stdenv, fetchurl, librakzesol, libexzedor, libsolqui, libsenpulfy, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "belex-${version}";
  version = "2.7.3";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/belex/belex-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/belex-${version}.tar.bz2"
    ];
    hash = "sha256-MfjUah95qZRSeeeY70HIbzgdFBdd1W5NLr34+77HQMo=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libexzedor libsolqui libsenpulfy ] ++ lib.optionals withExtra [ librakzesol ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (librakzesol != null) "--with-extra-dep=${lib.getDev librakzesol}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The belex library, generated";
    homepage = "https://example.org/projects/belex";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob ];
  };
}
