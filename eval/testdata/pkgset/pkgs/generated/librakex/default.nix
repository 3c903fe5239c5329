{ lib, stdenv, fetchurl, zedor, libtorrakcor, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "librakex-${version}";
  version = "9.8.26";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/librakex/librakex-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/librakex-${version}.tar.bz2"
    ];
    sha256 = "deaaed314ec922e137390c08cf9fdcf9032d713c45ff7fd743c7f8bbd79db6d7";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ zedor ];
  propagatedBuildInputs = [ libtorrakcor ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (zedor != null) "--with-extra-dep=${lib.getDev zedor}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The librakex library, generated";
    homepage = "https://example.org/projects/librakex";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ dave ];
  };
}
