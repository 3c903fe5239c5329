{ lib, stdenv, fetchurl, libkafy, libkacorsen, torex, libzipab }:

stdenv.mkDerivation rec {
  pname = "librakzedor";
  version = "7.19.21";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "9feb25c2b67e84db6b13fb79731711b7213cb8501aaf7e50ae9257f96ffc5376";
  };

  buildInputs = [ libkafy libkacorsen torex libzipab ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The librakzedor library, generated";
    homepage = "https://example.org/projects/librakzedor";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
