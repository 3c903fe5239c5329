{ lib, stdenv, fetchurl, libtorzipbel, fyexcor, quibel, exrakgra }:

stdenv.mkDerivation rec {
  pname = "libtemfyze";
  version = "9.9.20";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "001m66rgff0aramfpjfld32sq006pv087bfz383zh90y4i9cf9d8";
  };

  buildInputs = [ libtorzipbel fyexcor quibel ];
  propagatedBuildInputs = [ exrakgra fyexcor ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libtemfyze library, generated";
    homepage = "https://example.org/projects/libtemfyze";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave ];
  };
}
