{ lib, stdenv, fetchurl, libmibel, coreutils, exsol }:

stdenv.mkDerivation rec {
  pname = "rakdor";
  version = "1.5.0";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0l14yf7mgwjg78qaa1d0py0j58i7rfkq0w8609m9bmxzram194a7";
  };

  buildInputs = [ libmibel coreutils exsol ];
  propagatedBuildInputs = [ exsol ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The rakdor library, generated";
    homepage = "https://example.org/projects/rakdor";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
