{ lib, stdenv, fetchurl, zlib, openssl }:

let
  sourceVersion = { major = "3"; minor = "11"; patch = "8"; };
  version = with sourceVersion; "${major}.${minor}.${patch}";
in
stdenv.mkDerivation {
  pname = "python3";
  inherit version;
  src = fetchurl {
    url = with sourceVersion; "https://www.python.org/ftp/python/${major}.${minor}.${patch}/Python-${version}.tar.xz";
    hash = "sha256-mx6JZSP8UQaREmyGRAbZNgo9Hphqy9pZzaV7Wr2kW4c=";
  };
  buildInputs = [ zlib openssl ];
  configureFlags = [ "--enable-shared" "--with-openssl=${lib.getDev openssl}" ];
  passthru = {
    inherit sourceVersion;
    pythonVersion = with sourceVersion; "${major}.${minor}";
    sitePackages = "lib/python${sourceVersion.major}.${sourceVersion.minor}/site-packages";
    executable = "python${sourceVersion.major}.${sourceVersion.minor}";
  };
  meta.license = lib.licenses.mit;
}
