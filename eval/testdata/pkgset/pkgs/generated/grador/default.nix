{ lib, stdenv, fetchurl, dorpulvin, liblotormi, belexnu }:

stdenv.mkDerivation rec {
  pname = "grador";
  version = "2.8";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-DqXziJOFVdtC/RtrOpvW4mIeZbDM9Y2BKNzWfVVd+5g=";
  };

  buildInputs = [ dorpulvin ];
  propagatedBuildInputs = [ liblotormi belexnu ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The grador library, generated";
    homepage = "https://example.org/projects/grador";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
