{ lib, stdenv, fetchurl, liblocorzip, granuex, libpulpul, nufyex, libabex, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "fyexcor-${version}";
  version = "4.25";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/fyexcor/fyexcor-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/fyexcor-${version}.tar.bz2"
    ];
    sha256 = "1xdm68mxjiassbd5jqn5n6aira350jlbpb4w5ylag00mibdfwzk5";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ granuex libpulpul nufyex ] ++ lib.optionals withExtra [ liblocorzip ];
  propagatedBuildInputs = [ libabex liblocorzip ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (liblocorzip != null) "--with-extra-dep=${lib.getDev liblocorzip}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The fyexcor library, generated";
    homepage = "https://example.org/projects/fyexcor";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
