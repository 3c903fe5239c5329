{ lib, stdenv, fetchurl, zlib }:

stdenv.mkDerivation rec {
  pname = "unfree-tool";
  version = "4.2";
  src = fetchurl {
    url = "https://vendor.example.com/${pname}-${version}.bin";
    sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
    executable = true;
  };
  buildInputs = [ zlib ];
  meta = with lib; {
    description = "A tool nobody may redistribute";
    license = licenses.unfree;
    platforms = [ "x86_64-linux" ];
  };
}
