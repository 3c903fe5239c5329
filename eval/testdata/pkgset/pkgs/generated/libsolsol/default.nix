{ lib, stdenv, fetchurl, nunu, torqui, libexfy, fyexcor, libvinzelo }:

stdenv.mkDerivation rec {
  pname = "libsolsol";
  version = "3.8.36";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-uLTJFc11dENzaCNcs9J5cz7mNnGeDtpvkiG9VuK8c7Y=";
  };

  buildInputs = [ nunu torqui libexfy ];
  propagatedBuildInputs = [ fyexcor libvinzelo ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libsolsol library, generated";
    homepage = "https://example.org/projects/libsolsol";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
