{ lib, stdenv, fetchurl, lomipul }:

stdenv.mkDerivation rec {
  pname = "libtempul";
  version = "2019";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "102lc6210vrbidx7rvh0cqxhg2b0jzj3yc75qfqzy6pvhay2c8sx";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ lomipul ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libtempul library, generated";
    homepage = "https://example.org/projects/libtempul";
    license = licenses.gpl2Plus;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice carol ];
  };
}
