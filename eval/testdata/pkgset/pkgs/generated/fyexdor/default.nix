{ lib, stdenv, fetchurl, fyexcor, abqui }:

stdenv.mkDerivation rec {
  pname = "fyexdor";
  version = "2.7.5";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "9eb9db251cdb08b2e7107e95ae5e8dcf7d372df0ed9ab1cf68c29c65b3894082";
  };

  buildInputs = [ fyexcor ];
  propagatedBuildInputs = [ abqui ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The fyexdor library, generated";
    homepage = "https://example.org/projects/fyexdor";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol ];
  };
}
