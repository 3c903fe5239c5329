{ lib, stdenv, fetchurl, zipzenu, abnuqui, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "lomipul-${version}";
  version = "2017";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/lomipul/lomipul-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/lomipul-${version}.tar.bz2"
    ];
    sha256 = "8c32467fe0dbaa5e6267f507b8d69e110e79319347fce5289cb8d1c5da562973";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ abnuqui ] ++ lib.optionals withExtra [ zipzenu ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (zipzenu != null) "--with-extra-dep=${lib.getDev zipzenu}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The lomipul library, generated";
    homepage = "https://example.org/projects/lomipul";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
