{ lib, stdenv, fetchurl, senrak }:

stdenv.mkDerivation rec {
  pname = "libvinziptor";
  version = "2001";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "ddb770c1a456f455d7f06d81d9ef27a2ea67d12db5a6f246b622fee9b4f22c61";
  };

  buildInputs = [ senrak ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libvinziptor library, generated";
    homepage = "https://example.org/projects/libvinziptor";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
