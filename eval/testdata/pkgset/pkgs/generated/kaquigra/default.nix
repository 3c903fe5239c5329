{ lib, stdenv, fetchurl, libmizip, libnulobel, libpulmimi, torvinqui, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "kaquigra-${version}";
  version = "0.17";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/kaquigra/kaquigra-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/kaquigra-${version}.tar.bz2"
    ];
    sha256 = "51c563cd91ecde50e53b541355f0ce8ff9a349fe653a909f0fbd85e04d9a2ea3";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libnulobel ] ++ lib.optionals withExtra [ libmizip ];
  propagatedBuildInputs = [ libpulmimi torvinqui ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libmizip != null) "--with-extra-dep=${lib.getDev libmizip}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The kaquigra library, generated";
    homepage = "https://example.org/projects/kaquigra";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave bob ];
  };
}
