{ lib, stdenv, fetchurl, quiex, libsolwardor, liblodorsen, rakdor, lorak, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "torgralo-${version}";
  version = "3.6.1";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/torgralo/torgralo-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/torgralo-${version}.tar.bz2"
    ];
    hash = "sha256-5DpcPxRR4yumgm1Iro/0ZBaXd1yMyjsUqSTOl0FCpts=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libsolwardor liblodorsen rakdor ] ++ lib.optionals withExtra [ quiex ];
  propagatedBuildInputs = [ lorak ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (quiex != null) "--with-extra-dep=${lib.getDev quiex}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The torgralo library, generated";
    homepage = "https://example.org/projects/torgralo";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
