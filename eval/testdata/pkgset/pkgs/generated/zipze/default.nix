{ lib, stdenv, fetchurl, temlo, libfypul, libbelkaab }:

stdenv.mkDerivation rec {
  pname = "zipze";
  version = "4.14.30";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-Q2QJuu1pbYrStGlwpVryO8iW2esVJbPhbw3GouQrAvI=";
  };

  buildInputs = [ temlo libfypul ];
  propagatedBuildInputs = [ libbelkaab ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The zipze library, generated";
    homepage = "https://example.org/projects/zipze";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
