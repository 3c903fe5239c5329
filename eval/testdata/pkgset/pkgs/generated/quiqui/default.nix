{ lib, stdenv, fetchurl, warka, karakgra, corsol, fyexdor, libzevin }:

stdenv.mkDerivation rec {
  pname = "quiqui";
  version = "2017";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-Rz6KJxzGlm4qZFprhO+tEIDnUXa++S7UIP2XEtJuCUQ=";
  };

  buildInputs = [ warka karakgra corsol ];
  propagatedBuildInputs = [ fyexdor libzevin ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The quiqui library, generated";
    homepage = "https://example.org/projects/quiqui";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
