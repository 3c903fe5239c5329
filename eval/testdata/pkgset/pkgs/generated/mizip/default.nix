{ lib, stdenv, fetchurl, karakgra, libcortemka }:

stdenv.mkDerivation rec {
  pname = "mizip";
  version = "2011";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "5db2e05a2aa61ccfe5297fdcf58aea6808c9f2752d1be0074c5af404c9bb3c94";
  };

  buildInputs = [ karakgra ];
  propagatedBuildInputs = [ libcortemka karakgra ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The mizip library, generated";
    homepage = "https://example.org/projects/mizip";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ erin ];
  };
}
