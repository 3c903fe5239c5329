{ lib, stdenv, fetchurl, temex, quimiwar, libtemfyze }:

stdenv.mkDerivation rec {
  pname = "katemab";
  version = "6.14.28";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0g5ivjlpaq3hib0hqak5yrd70qqdl5fkg8frs2fhj5mpwx139fav";
  };

  buildInputs = [ temex quimiwar libtemfyze ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The katemab library, generated";
    homepage = "https://example.org/projects/katemab";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
