{ lib, stdenv, fetchurl, libvinbelpul, libfymidor, exlosol }:

stdenv.mkDerivation rec {
  pname = "torvin";
  version = "1.8.3";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "41bd8392b0e551ac887d041694f0d4c4999f3b6dcf3250a6708f4140526dc47c";
  };

  buildInputs = [ libvinbelpul libfymidor ];
  propagatedBuildInputs = [ exlosol ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The torvin library, generated";
    homepage = "https://example.org/projects/torvin";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
