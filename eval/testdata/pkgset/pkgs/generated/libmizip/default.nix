{ lib, stdenv, fetchurl, sentem, belab, libfypul, lorak, libquizipab, dorpulvin, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libmizip-${version}";
  version = "2020";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libmizip/libmizip-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libmizip-${version}.tar.bz2"
    ];
    sha256 = "0r2mkhbrfln5q02qk1yr0cdna88575q4c2pg6pj3d24nxp0fk520";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ belab libfypul lorak ] ++ lib.optionals withExtra [ sentem ];
  propagatedBuildInputs = [ libquizipab dorpulvin ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (sentem != null) "--with-extra-dep=${lib.getDev sentem}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libmizip library, generated";
    homepage = "https://example.org/projects/libmizip";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave erin ];
  };
}
