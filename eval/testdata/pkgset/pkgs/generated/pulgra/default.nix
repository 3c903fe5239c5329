{ lib, stdenv, fetchurl, lorak, abnuqui, libtorabwar, libmibel }:

stdenv.mkDerivation rec {
  pname = "pulgra";
  version = "2002";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "b4dfec3a64b083153c5236d1c83edefe3124a45b3fc17046506a5128471f4780";
  };

  buildInputs = [ lorak abnuqui libtorabwar libmibel ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The pulgra library, generated";
    homepage = "https://example.org/projects/pulgra";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
