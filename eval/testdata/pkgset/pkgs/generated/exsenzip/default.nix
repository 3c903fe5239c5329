{ lib, stdenv, fetchurl, libnulobel, exsol }:

stdenv.mkDerivation rec {
  pname = "exsenzip";
  version = "9.2.7";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "1i6wbca4lx3zw4l12q3zqdy2d8f26g849casv3lrkl0yiqj7c6cz";
  };

  buildInputs = [ libnulobel ];
  propagatedBuildInputs = [ exsol ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The exsenzip library, generated";
    homepage = "https://example.org/projects/exsenzip";
    license = licenses.asl20;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob dave ];
  };
}
