{ lib, stdenv, fetchurl, perl }:

stdenv.mkDerivation rec {
  pname = "libvinlodor";
  version = "2.1.2";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "fdbec1438d2be23c579db5a03bce42be75f7f37384e0b5c90554e2a2b19a4904";
  };

  buildInputs = [ perl ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libvinlodor library, generated";
    homepage = "https://example.org/projects/libvinlodor";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
