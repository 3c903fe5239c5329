{ lib, stdenv, fetchurl, libquibeltem, tortem }:

stdenv.mkDerivation rec {
  pname = "warbelfy";
  version = "1.23";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-aQo9HpHtvxxtqba3IhhT8HSXDw3lk4XMGutwaJpbuhQ=";
  };

  buildInputs = [ libquibeltem tortem ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The warbelfy library, generated";
    homepage = "https://example.org/projects/warbelfy";
    license = licenses.bsd3;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
