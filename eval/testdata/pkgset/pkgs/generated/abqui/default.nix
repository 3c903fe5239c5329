{ lib, stdenv, fetchurl, libgraex, belloka, libzebelfy, karakgra, granuex }:

stdenv.mkDerivation rec {
  pname = "abqui";
  version = "8.17.8";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-S13ruCRE1C3xfugHPNwcNmhMyOk3P9nno10emxyjldk=";
  };

  buildInputs = [ libgraex belloka libzebelfy karakgra ];
  propagatedBuildInputs = [ granuex ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The abqui library, generated";
    homepage = "https://example.org/projects/abqui";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
