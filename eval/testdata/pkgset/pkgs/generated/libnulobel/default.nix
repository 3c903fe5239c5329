{ lib, stdenv, fetchurl, libababfy, nucorwar, libwarabrak, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libnulobel-${version}";
  version = "0.22";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libnulobel/libnulobel-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libnulobel-${version}.tar.bz2"
    ];
    sha256 = "a101f4a9e2577a62c75038fd7f69c9e94318c5d16a87571297cff35ef384281e";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ nucorwar libwarabrak ] ++ lib.optionals withExtra [ libababfy ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libababfy != null) "--with-extra-dep=${lib.getDev libababfy}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libnulobel library, generated";
    homepage = "https://example.org/projects/libnulobel";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
