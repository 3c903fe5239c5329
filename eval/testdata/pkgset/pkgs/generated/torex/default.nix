{ lib, stdenv, fetchurl, belexlo, libpulmimi, karakgra, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "torex-${version}";
  version = "1.18.39";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/torex/torex-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/torex-${version}.tar.bz2"
    ];
    hash = "sha256-f8qeK2XLDEuIw5s0M6y5y+CDloD0pzdNrxW7IwtBw9M=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libpulmimi ] ++ lib.optionals withExtra [ belexlo ];
  propagatedBuildInputs = [ karakgra ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (belexlo != null) "--with-extra-dep=${lib.getDev belexlo}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The torex library, generated";
    homepage = "https://example.org/projects/torex";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
