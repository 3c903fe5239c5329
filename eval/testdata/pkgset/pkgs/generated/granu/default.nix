{ lib, stdenv, fetchurl, openssl, libzewar, karakgra, libpulpul, libdortemlo, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "granu-${version}";
  version = "3.19";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/granu/granu-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/granu-${version}.tar.bz2"
    ];
    sha256 = "a24f3bd70a4d4cee6ef8423d989207cc412f51517a9d9fe51c8534abf3f0e0be";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libzewar karakgra libpulpul ] ++ lib.optionals withExtra [ openssl ];
  propagatedBuildInputs = [ libdortemlo ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (openssl != null) "--with-extra-dep=${lib.getDev openssl}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The granu library, generated";
    homepage = "https://example.org/projects/granu";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
