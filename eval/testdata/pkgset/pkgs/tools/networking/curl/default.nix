{ lib, stdenv, fetchurl, perl
, zlibSupport ? true, zlib
, opensslSupport ? true, openssl
, http2Support ? true, nghttp2 ? null
}:

assert zlibSupport -> zlib != null;
assert opensslSupport -> openssl != null;

stdenv.mkDerivation rec {
  pname = "curl";
  version = "8.6.0";

  src = fetchurl {
    urls = map (base: "${base}/${pname}-${version}.tar.bz2") [
      "https://curl.haxx.se/download"
      "https://github.com/curl/curl/releases/download/${lib.replaceStrings [ "." ] [ "_" ] pname}-${lib.replaceStrings [ "." ] [ "_" ] version}"
    ];
    sha256 = "b4785f2d8877fa92c0e45d7155cf8cc6750dbda961f4b1a45bcbec990cf2fa9b";
  };

  outputs = [ "bin" "dev" "out" "man" "devdoc" ];

  nativeBuildInputs = [ perl ];
  propagatedBuildInputs = lib.optional zlibSupport zlib
    ++ lib.optional opensslSupport openssl
    ++ lib.optional (http2Support && nghttp2 != null) nghttp2;

  configureFlags = [
    (lib.withFeatureAs opensslSupport "openssl" (lib.getDev openssl).outPath)
    (lib.withFeature zlibSupport "zlib")
    (lib.enableFeature http2Support "http2")
    "--with-ca-fallback"
  ];

  passthru = {
    inherit opensslSupport zlibSupport;
    tests.withoutSsl = (curl: curl.override { opensslSupport = false; });
  };

  meta = with lib; {
    description = "A command line tool for transferring files with URL syntax";
    homepage = "https://curl.se/";
    license = licenses.mit;
    platforms = platforms.all;
    mainProgram = "curl";
  };
}
