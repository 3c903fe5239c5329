{ lib, stdenv, fetchurl, zipzenu, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "nulovin-${version}";
  version = "2010";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/nulovin/nulovin-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/nulovin-${version}.tar.bz2"
    ];
    hash = "sha256-uCixVlZA/qHmMBEYPH0RNDRbcltEhfSK/gyTnlWyo7U=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ zipzenu ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (zipzenu != null) "--with-extra-dep=${lib.getDev zipzenu}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The nulovin library, generated";
    homepage = "https://example.org/projects/nulovin";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob alice ];
  };
}
