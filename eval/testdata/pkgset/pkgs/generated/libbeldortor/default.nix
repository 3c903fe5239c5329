{ lib, stdenv, fetchurl, senka }:

stdenv.mkDerivation rec {
  pname = "libbeldortor";
  version = "2011";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "1xg8jx1fpd63sl85n8wv2npbpg48m8n5llr5ig7sg2061nj4194l";
  };

  buildInputs = [ senka ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libbeldortor library, generated";
    homepage = "https://example.org/projects/libbeldortor";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
