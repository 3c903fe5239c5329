{ lib, stdenv, fetchurl, libpulmimi, libtemsol, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libloloab-${version}";
  version = "2023";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libloloab/libloloab-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libloloab-${version}.tar.bz2"
    ];
    sha256 = "00bajchf795r76hcghjpydbwmn2swx91a0s9lz7zj4ckllijcvb1";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ libpulmimi ];
  propagatedBuildInputs = [ libtemsol ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libpulmimi != null) "--with-extra-dep=${lib.getDev libpulmimi}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libloloab library, generated";
    homepage = "https://example.org/projects/libloloab";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
