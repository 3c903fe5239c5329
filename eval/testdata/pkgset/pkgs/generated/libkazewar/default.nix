{ lib, stdenv, fetchurl, libcortemka, rakdor }:

stdenv.mkDerivation rec {
  pname = "libkazewar";
  version = "2.4.8";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0b3d20d7ca4eb59289a100ed5ec6f91305efde80c8a573b532039e302e956314";
  };

  buildInputs = [ libcortemka ];
  propagatedBuildInputs = [ rakdor ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libkazewar library, generated";
    homepage = "https://example.org/projects/libkazewar";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol erin ];
  };
}
