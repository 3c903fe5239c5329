{ lib, stdenv, fetchurl, libabsolpul, zlib, pulgra, libzipqui, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "warcorab-${version}";
  version = "3.20";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/warcorab/warcorab-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/warcorab-${version}.tar.bz2"
    ];
    sha256 = "111iqg947r9npw8livzi8p9bwp1hldc9r6i1gz60502i07vpn2kd";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ zlib pulgra ] ++ lib.optionals withExtra [ libabsolpul ];
  propagatedBuildInputs = [ libzipqui ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (libabsolpul != null) "--with-extra-dep=${lib.getDev libabsolpul}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The warcorab library, generated";
    homepage = "https://example.org/projects/warcorab";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ erin ];
  };
}
