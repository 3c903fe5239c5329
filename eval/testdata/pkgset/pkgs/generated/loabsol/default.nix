{ lib, stdenv, fetchurl, mibelzip, libsolwardor, nufyex, libvinziptor, migra, exdor }:

stdenv.mkDerivation rec {
  pname = "loabsol";
  version = "0.26";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "1119e196df9537b29ae4cb90a75587379e2fe950df5fd70f48edb90b2ece614a";
  };

  buildInputs = [ mibelzip libsolwardor nufyex libvinziptor ];
  propagatedBuildInputs = [ migra exdor ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The loabsol library, generated";
    homepage = "https://example.org/projects/loabsol";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
