{ lib, stdenv, fetchurl, liblocorzip }:

stdenv.mkDerivation rec {
  pname = "libfytemka";
  version = "3.8";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "1by2i1q543w78pxfcasqssyn5kmnlqi5a7xsmmzyp90s2w8b08hp";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ liblocorzip ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libfytemka library, generated";
    homepage = "https://example.org/projects/libfytemka";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin alice ];
  };
}
