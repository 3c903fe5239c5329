{ lib, stdenv, fetchurl, libnulopul, corgrator, lorak, nufyex, torqui, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libpullodor-${version}";
  version = "1.8.1";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libpullodor/libpullodor-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libpullodor-${version}.tar.bz2"
    ];
    hash = "sha256-l2hwDjDkW9thCW6oY2WPDXPs0GHMPgJCaoi+1A9UQVo=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ corgrator lorak ] ++ lib.optionals withExtra [ libnulopul ];
  propagatedBuildInputs = [ nufyex torqui ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libnulopul != null) "--with-extra-dep=${lib.getDev libnulopul}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libpullodor library, generated";
    homepage = "https://example.org/projects/libpullodor";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
