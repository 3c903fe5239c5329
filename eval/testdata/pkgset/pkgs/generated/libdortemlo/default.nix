{ lib, stdenv, fetchurl, openssl, zlib, perl, libvinlodor, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "libdortemlo-${version}";
  version = "2013";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/libdortemlo/libdortemlo-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/libdortemlo-${version}.tar.bz2"
    ];
    hash = "sha256-mXiHo7hcp1TTc4+0MqiOzWTsoiE40rZplWIgSoal6C4=";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ zlib perl ] ++ lib.optionals withExtra [ openssl ];
  propagatedBuildInputs = [ libvinlodor ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (openssl != null) "--with-extra-dep=${lib.getDev openssl}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The libdortemlo library, generated";
    homepage = "https://example.org/projects/libdortemlo";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
