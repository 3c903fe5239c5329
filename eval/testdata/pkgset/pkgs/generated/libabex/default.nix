{ lib, stdenv, fetchurl, libzipqui, karakgra, mizip }:

stdenv.mkDerivation rec {
  pname = "libabex";
  version = "2.3.2";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-+Ogh0/3NaCmdkEM/hzLDk7KgoJ/njsb711wxLipjgCE=";
  };

  buildInputs = [ libzipqui karakgra ];
  propagatedBuildInputs = [ mizip ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libabex library, generated";
    homepage = "https://example.org/projects/libabex";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob alice ];
  };
}
