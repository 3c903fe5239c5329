{ lib, stdenv, fetchurl, libmibel, quiex, lomipul }:

stdenv.mkDerivation rec {
  pname = "libkatemsen";
  version = "7.11.38";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "010a1d44d96b96127b31f286867613d4747d5b4b380eadbe69551adbcdd5bb89";
  };

  buildInputs = [ libmibel quiex ];
  propagatedBuildInputs = [ lomipul ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libkatemsen library, generated";
    homepage = "https://example.org/projects/libkatemsen";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
