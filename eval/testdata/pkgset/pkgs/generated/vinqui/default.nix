{ lib, stdenv, fetchurl, libpuldorvin, libpulzecor, libgrazequi, libkafy, belexnu, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "vinqui-${version}";
  version = "2006";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/vinqui/vinqui-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/vinqui-${version}.tar.bz2"
    ];
    sha256 = "00smi7bly5bzpi5snmmz4pd648ayz2dfji2bd08ixkxwnfgpscz0";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libpulzecor libgrazequi libkafy ] ++ lib.optionals withExtra [ libpuldorvin ];
  propagatedBuildInputs = [ belexnu ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libpuldorvin != null) "--with-extra-dep=${lib.getDev libpuldorvin}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The vinqui library, generated";
    homepage = "https://example.org/projects/vinqui";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
