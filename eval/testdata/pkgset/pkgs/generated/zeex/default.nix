{ lib, stdenv, fetchurl, lolosol, libabvinab, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "zeex-${version}";
  version = "1.21";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/zeex/zeex-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/zeex-${version}.tar.bz2"
    ];
    sha256 = "cf27f72e8d9ec68d9fbf3bd3cebdde224d2953be6de088bc430ea2efcb926e06";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libabvinab ] ++ lib.optionals withExtra [ lolosol ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (lolosol != null) "--with-extra-dep=${lib.getDev lolosol}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The zeex library, generated";
    homepage = "https://example.org/projects/zeex";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
