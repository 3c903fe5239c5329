{ lib, stdenv, fetchurl, libpulpul, libsoltemgra, libgraex, granu, libquibelrak, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "sollosen-${version}";
  version = "2024";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/sollosen/sollosen-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/sollosen-${version}.tar.bz2"
    ];
    sha256 = "1ag476wy3hd8kvz3li9hbj7q5688pnxvrgy5p939jq639b27mnjd";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libsoltemgra libgraex ] ++ lib.optionals withExtra [ libpulpul ];
  propagatedBuildInputs = [ granu libquibelrak ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libpulpul != null) "--with-extra-dep=${lib.getDev libpulpul}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The sollosen library, generated";
    homepage = "https://example.org/projects/sollosen";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
