{ lib, stdenv, fetchurl, corcorka, libtorquiqui, librakabcor }:

stdenv.mkDerivation rec {
  pname = "zesenvin";
  version = "2.7.8";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0mny5h0qhxvrmsgzhq0zjc0sjl3d6z93i46iiglpa37jnrcdcc7k";
  };

  buildInputs = [ corcorka ];
  propagatedBuildInputs = [ libtorquiqui librakabcor ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The zesenvin library, generated";
    homepage = "https://example.org/projects/zesenvin";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
