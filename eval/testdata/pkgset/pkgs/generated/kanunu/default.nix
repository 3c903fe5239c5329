{ lib, stdenv, fetchurl, libminuzip, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "kanunu-${version}";
  version = "8.19.24";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/kanunu/kanunu-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/kanunu-${version}.tar.bz2"
    ];
    sha256 = "ca4dffc28407c96121f79149b153b7b9d73b234427ee9e87c945f33ba91f72d9";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ ] ++ lib.optionals withExtra [ libminuzip ];
  propagatedBuildInputs = [ ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libminuzip != null) "--with-extra-dep=${lib.getDev libminuzip}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The kanunu library, generated";
    homepage = "https://example.org/projects/kanunu";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol erin ];
  };
}
