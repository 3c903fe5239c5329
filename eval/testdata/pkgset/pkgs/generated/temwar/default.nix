{ lib, stdenv, fetchurl, zipzenu, miablo, libbelfyex, libsenvinbel, zipdorwar }:

stdenv.mkDerivation rec {
  pname = "temwar";
  version = "9.19.13";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "06af79be78ab6f65f9f312246eb5703f1058d8302c9699e711c4f921203ac4b5";
  };

  buildInputs = [ zipzenu miablo libbelfyex ];
  propagatedBuildInputs = [ libsenvinbel zipdorwar ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The temwar library, generated";
    homepage = "https://example.org/projects/temwar";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
