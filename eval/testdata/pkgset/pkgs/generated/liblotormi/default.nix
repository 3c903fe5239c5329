{ lib, stdenv, fetchurl, perl, libdortemlo }:

stdenv.mkDerivation rec {
  pname = "liblotormi";
  version = "3.15";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "03larzv8plmld5jswbgl6zq41xblynaawvswz6awn86kl12rkdwl";
  };

  buildInputs = [ perl ];
  propagatedBuildInputs = [ libdortemlo ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The liblotormi library, generated";
    homepage = "https://example.org/projects/liblotormi";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol erin ];
  };
}
