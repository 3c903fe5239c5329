{ lib, stdenv, fetchurl, libfynu, quitem, libvinlodor, migra, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "liblolofy-${version}";
  version = "2019";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/liblolofy/liblolofy-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/liblolofy-${version}.tar.bz2"
    ];
    sha256 = "5723f712c5bd7f599db3a282e45b94c06cc4f3d5fd2672bb643ba2559ecf7f98";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ quitem libvinlodor ] ++ lib.optionals withExtra [ libfynu ];
  propagatedBuildInputs = [ migra ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libfynu != null) "--with-extra-dep=${lib.getDev libfynu}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The liblolofy library, generated";
    homepage = "https://example.org/projects/liblolofy";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice bob ];
  };
}
