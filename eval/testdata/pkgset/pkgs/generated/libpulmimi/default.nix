{ lib, stdenv, fetchurl, libcorquiqui }:

stdenv.mkDerivation rec {
  pname = "libpulmimi";
  version = "2012";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "5a0f8a04ab0310921fe699e285784758986b2729ecd96b08522ae356a0f30ae3";
  };

  buildInputs = [ libcorquiqui ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libpulmimi library, generated";
    homepage = "https://example.org/projects/libpulmimi";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
