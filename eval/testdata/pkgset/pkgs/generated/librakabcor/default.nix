{ lib, stdenv, fetchurl, nunu, libquibeltem }:

stdenv.mkDerivation rec {
  pname = "librakabcor";
  version = "2020";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-y25As5EGVTfoqydWsnunjlYujX67OFzrdiCQhopSeKw=";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ nunu libquibeltem ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The librakabcor library, generated";
    homepage = "https://example.org/projects/librakabcor";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
