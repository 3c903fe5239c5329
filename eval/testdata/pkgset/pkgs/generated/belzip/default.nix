{ lib, stdenv, fetchurl, libmiziplo, corgrator, libmibel, libpulpul, libsolnuvin }:

stdenv.mkDerivation rec {
  pname = "belzip";
  version = "9.6.28";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0a7vyy7ckj8x7xn505skrk0wkd48wxsxp9crw5l72pw05smyw1h4";
  };

  buildInputs = [ libmiziplo corgrator libmibel ];
  propagatedBuildInputs = [ libpulpul libsolnuvin ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The belzip library, generated";
    homepage = "https://example.org/projects/belzip";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
