{ lib, stdenv, fetchurl, openssl ? null, singleBinary ? "symlinks" }:

stdenv.mkDerivation rec {
  pname = "coreutils";
  version = "9.4";
  src = fetchurl {
    url = "mirror://gnu/${pname}/${pname}-${version}.tar.xz";
    sha256 = "ea613a4cf44612326e917201bbbcdfbd301de21ffc3b59b6e5c07e040b275e52";
  };
  outputs = [ "out" "info" ];
  buildInputs = lib.optional (openssl != null) openssl;
  configureFlags = lib.optional (singleBinary != false) "--enable-single-binary=${singleBinary}"
    ++ lib.optional (openssl != null) "--with-openssl";
  meta = {
    license = lib.licenses.gpl3Only;
    platforms = lib.platforms.unix;
  };
}
