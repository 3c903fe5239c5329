{ lib, stdenv, fetchurl, fyexdor, abnuqui, abqui, torgralo, kanunu }:

stdenv.mkDerivation rec {
  pname = "libpulpulqui";
  version = "1.8.1";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-fHuBVz8BQNsKETziMuSRK2BF3sMkAkcn1Cz98tcVHZ4=";
  };

  buildInputs = [ fyexdor abnuqui abqui ];
  propagatedBuildInputs = [ torgralo kanunu ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libpulpulqui library, generated";
    homepage = "https://example.org/projects/libpulpulqui";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave erin ];
  };
}
