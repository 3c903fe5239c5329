{ lib, stdenv, fetchurl, torvinqui, libkaquinu, belexnu, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "warqui-${version}";
  version = "1.9";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/warqui/warqui-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/warqui-${version}.tar.bz2"
    ];
    sha256 = "0psx9hik272fxk3z3lqjq9j51z12cykf8nc6ahp7b601dhmq3zcs";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ libkaquinu ] ++ lib.optionals withExtra [ torvinqui ];
  propagatedBuildInputs = [ belexnu ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (torvinqui != null) "--with-extra-dep=${lib.getDev torvinqui}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The warqui library, generated";
    homepage = "https://example.org/projects/warqui";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave alice ];
  };
}
