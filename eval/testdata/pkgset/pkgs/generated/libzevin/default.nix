{ lib, stdenv, fetchurl, warqui, temex, openssl, lolosol, exsol, lorak }:

stdenv.mkDerivation rec {
  pname = "libzevin";
  version = "2010";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "07svsk0x7laakwzvf5qf5a55rny1bpagmrb28081aaw2gbcji1l9";
  };

  buildInputs = [ warqui temex openssl lolosol ];
  propagatedBuildInputs = [ exsol lorak ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libzevin library, generated";
    homepage = "https://example.org/projects/libzevin";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
