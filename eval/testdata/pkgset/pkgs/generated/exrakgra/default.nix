{ lib, stdenv, fetchurl, coreutils, belexlo, dorpulvin, libvinziptor, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "exrakgra-${version}";
  version = "1.4.3";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/exrakgra/exrakgra-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/exrakgra-${version}.tar.bz2"
    ];
    hash = "sha256-RoTtYJ1Eh9ebnuofVjUXgyYj3cSEivPaUNQot+X/LU0=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ belexlo dorpulvin libvinziptor ] ++ lib.optionals withExtra [ coreutils ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (coreutils != null) "--with-extra-dep=${lib.getDev coreutils}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The exrakgra library, generated";
    homepage = "https://example.org/projects/exrakgra";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob dave ];
  };
}
