{ lib, stdenv, fetchurl, exsol, openssl, nucorwar, libcortemka, lopulvin, vingra }:

stdenv.mkDerivation rec {
  pname = "libquibeltem";
  version = "6.6.29";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "684a9c9743c6858bb02bf33229ccebc8242e9eed5aafa81429bf2699117ac47f";
  };

  buildInputs = [ exsol openssl nucorwar libcortemka ];
  propagatedBuildInputs = [ lopulvin vingra ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libquibeltem library, generated";
    homepage = "https://example.org/projects/libquibeltem";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
