{ lib, stdenv, fetchurl, libmibel }:

stdenv.mkDerivation rec {
  pname = "dorpulvin";
  version = "1.2.2";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-ABFltSn9JG8lW3FclsCLagD9ixfK1Ys1hAOgaczYEr0=";
  };

  buildInputs = [ libmibel ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The dorpulvin library, generated";
    homepage = "https://example.org/projects/dorpulvin";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
