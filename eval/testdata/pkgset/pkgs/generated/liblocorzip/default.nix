{ lib, stdenv, fetchurl, openssl, zipdorwar }:

stdenv.mkDerivation rec {
  pname = "liblocorzip";
  version = "8.14.0";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "07k4q53xz6l1qgxw49c67h85jvvsr42qr3d4ck0bsp36sqcvlhj9";
  };

  buildInputs = [ openssl ];
  propagatedBuildInputs = [ zipdorwar ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The liblocorzip library, generated";
    homepage = "https://example.org/projects/liblocorzip";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
