{ lib, stdenv, fetchurl, zlib }:

stdenv.mkDerivation rec {
  pname = "perl";
  version = "5.38.2";
  src = fetchurl {
    url = "mirror://cpan/src/5.0/${pname}-${version}.tar.gz";
    sha256 = "a0a31534451eb7b83c7d6594a497543a54d488bc90ca00f5e34762577f40655e";
  };
  outputs = [ "out" "man" "devdoc" ];
  buildInputs = [ zlib ];
  configureFlags = [ "-de" "-Dcc=cc" "-Uinstallusrbinperl" "-Dlibpth=${lib.getLib zlib}/lib" ];
  passthru.libPrefix = "lib/perl5/site_perl";
  meta.license = lib.licenses.gpl2Plus;
}
