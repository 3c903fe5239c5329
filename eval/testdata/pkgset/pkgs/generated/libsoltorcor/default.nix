{ lib, stdenv, fetchurl, torlo, warqui, exsol }:

stdenv.mkDerivation rec {
  pname = "libsoltorcor";
  version = "4.17";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-ZbLqQE+OJqomTEby6CsWxsTgMWxaf+7+xDS1i+SIrcI=";
  };

  buildInputs = [ torlo warqui ];
  propagatedBuildInputs = [ exsol ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libsoltorcor library, generated";
    homepage = "https://example.org/projects/libsoltorcor";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
