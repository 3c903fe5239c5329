{ lib, stdenv, fetchurl, perl, zlib, withDocs ? false }:

let
  common = { version, sha256, patches ? [ ] }:
    stdenv.mkDerivation rec {
      pname = "openssl";
      inherit version patches;

      src = fetchurl {
        url = "https://www.openssl.org/source/${pname}-${version}.tar.gz";
        inherit sha256;
      };

      outputs = [ "bin" "dev" "out" ] ++ lib.optionals withDocs [ "man" "doc" ];

      nativeBuildInputs = [ perl ];
      buildInputs = [ zlib ];

      configureFlags = [
        "shared"
        "--libdir=lib"
        (if lib.versionAtLeast version "3.0" then "enable-ktls" else "no-ktls")
      ] ++ lib.optional withDocs "--with-docs";

      enableParallelBuilding = lib.versionOlder version "3.0";

      meta = with lib; {
        description = "A cryptographic library that implements the SSL and TLS protocols";
        license = if versionAtLeast version "3.0" then licenses.asl20 else licenses.bsd3;
        platforms = platforms.all;
        maintainers = with maintainers; [ bob carol ];
      };
    };
in
{
  openssl_1_1 = common {
    version = "1.1.1w";
    sha256 = "cf3098950cb4d853ad95c0841f1f9c6d3dc102dccfcacd521d93925208b76ac8";
    patches = [ ./use-etc-ssl-certs.patch ];
  };

  openssl_3 = common {
    version = "3.0.13";
    sha256 = "1blqqh1yfpw1kd6cpdjgx6gsc1m8dx3ybszwk4fhnwxfw9k8dhh0";
  };
}
