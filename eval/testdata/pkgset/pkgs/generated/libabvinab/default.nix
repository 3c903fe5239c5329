{ lib, stdenv, fetchurl, tortem, libsenvinbel, kakarak }:

stdenv.mkDerivation rec {
  pname = "libabvinab";
  version = "8.14.22";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "1pxsqly3dyj9y9al91an4b52bks8x6051l57v8snnw9ypq2m81m0";
  };

  buildInputs = [ tortem ];
  propagatedBuildInputs = [ libsenvinbel kakarak ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libabvinab library, generated";
    homepage = "https://example.org/projects/libabvinab";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
