{ lib, stdenv, fetchurl, pulgra, vingra }:

stdenv.mkDerivation rec {
  pname = "senrak";
  version = "2010";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0w8a2v16k9aikvvs83wzv6pa3wllvp6cif8bfflwrrhndd4pcdi0";
  };

  buildInputs = [ pulgra ];
  propagatedBuildInputs = [ vingra ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The senrak library, generated";
    homepage = "https://example.org/projects/senrak";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave ];
  };
}
