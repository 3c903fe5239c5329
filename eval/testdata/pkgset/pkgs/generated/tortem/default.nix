{ lib, stdenv, fetchurl, rakdor, karakgra, dorzetor, mibelzip }:

stdenv.mkDerivation rec {
  pname = "tortem";
  version = "9.19.15";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "4c4d3c94d08bcde3d22d34469791725ef81d624191f368ad5cf653b2ad8a7de8";
  };

  buildInputs = [ rakdor karakgra ];
  propagatedBuildInputs = [ dorzetor mibelzip ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The tortem library, generated";
    homepage = "https://example.org/projects/tortem";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave bob ];
  };
}
