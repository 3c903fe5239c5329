{ lib, stdenv, fetchurl, static ? false, shared ? true }:

stdenv.mkDerivation (finalAttrs: {
  pname = "zlib";
  version = "1.3.1";

  src = fetchurl {
    urls = [
      "https://www.zlib.net/fossils/zlib-${finalAttrs.version}.tar.gz"
      "https://github.com/madler/zlib/releases/download/v${finalAttrs.version}/zlib-${finalAttrs.version}.tar.gz"
    ];
    hash = "sha256-mpOyt9/ax3zrpaVYpYDnRmfdb+3kWFuR7vtg8Dty3yM=";
  };

  outputs = [ "out" "dev" ] ++ lib.optional static "static";

  configureFlags = lib.optional static "--static" ++ lib.optional shared "--shared";

  postInstall = lib.optionalString static ''
    moveToOutput lib/libz.a "$static"
  '';

  passthru.tests.pkg-config = finalAttrs.finalPackage.overrideAttrs (old: {
    pname = "zlib-pkg-config-test";
    doCheck = true;
  });

  meta = with lib; {
    description = "Lossless data-compression library";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = [ maintainers.alice ];
  };
})
