{ lib, stdenv, fetchurl, libdortemlo, libsenabgra, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libsoltemgra-${version}";
  version = "2024";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libsoltemgra/libsoltemgra-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libsoltemgra-${version}.tar.bz2"
    ];
    hash = "sha256-2s6mkhOnb5rjbYkEPTxQsF8QRaa5PbvNZpZM+vt8gvI=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ libdortemlo ];
  propagatedBuildInputs = [ libsenabgra ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libdortemlo != null) "--with-extra-dep=${lib.getDev libdortemlo}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libsoltemgra library, generated";
    homepage = "https://example.org/projects/libsoltemgra";
    license = licenses.lgpl21;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
