{ lib, stdenv, fetchurl, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libsenvinbel-${version}";
  version = "5.18.13";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libsenvinbel/libsenvinbel-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libsenvinbel-${version}.tar.bz2"
    ];
    sha256 = "0xz4lmyc6vsx15nn9y1cigaizq5zhg6qn4xqrzwrmbvzihyhczfc";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (null != null) "--with-extra-dep=${lib.getDev null}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libsenvinbel library, generated";
    homepage = "https://example.org/projects/libsenvinbel";
    license = licenses.bsd3;
    platforms = platforms.unix;
    maintainers = with maintainers; [ bob carol ];
  };
}
