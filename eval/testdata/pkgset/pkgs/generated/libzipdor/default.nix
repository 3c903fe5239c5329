{ lib, stdenv, fetchurl, libquibeltem, libtemgra, rakdor, libexrakmi }:

stdenv.mkDerivation rec {
  pname = "libzipdor";
  version = "2.15";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-16/icy4yfRVHG4w3d1D8wa5OyBh8RSzp1bkdUdUR8Mk=";
  };

  buildInputs = [ libquibeltem libtemgra rakdor ];
  propagatedBuildInputs = [ libexrakmi ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libzipdor library, generated";
    homepage = "https://example.org/projects/libzipdor";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
