{ lib, stdenv, fetchurl, dorvinab, temlo, libsenpulfy, libnulobel }:

stdenv.mkDerivation rec {
  pname = "torlo";
  version = "2007";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0248ffb38d468a4ba2bb789af0545667c1cb3f45c48b982540c062374646de07";
  };

  buildInputs = [ dorvinab temlo libsenpulfy libnulobel ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The torlo library, generated";
    homepage = "https://example.org/projects/torlo";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
