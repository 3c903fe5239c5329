{ lib, stdenv, fetchurl, libzipqui, libvinlodor, libsenabgra }:

stdenv.mkDerivation rec {
  pname = "warka";
  version = "0.14";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "104rps0xhhmiiwg5h2byjd3ylyyc4hffz377vl4lh553q348ykjp";
  };

  buildInputs = [ libzipqui libvinlodor libsenabgra ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The warka library, generated";
    homepage = "https://example.org/projects/warka";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
