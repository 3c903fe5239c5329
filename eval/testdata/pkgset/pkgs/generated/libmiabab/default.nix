{ lib, stdenv, fetchurl, vinvin, libbelfyex }:

stdenv.mkDerivation rec {
  pname = "libmiabab";
  version = "3.17.21";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "53723bc885fbed523462fbe288dd382f919437c94cd25d8be19c16f86316777f";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ vinvin libbelfyex ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libmiabab library, generated";
    homepage = "https://example.org/projects/libmiabab";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
