{ lib, stdenv, fetchurl, liblolofy, libpulpul }:

stdenv.mkDerivation rec {
  pname = "zedorwar";
  version = "0.11";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    sha256 = "0z4xal5yymlbxdmq895xhszghb2miwiai4habmwwsj84mb7hjq8x";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ liblolofy libpulpul ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The zedorwar library, generated";
    homepage = "https://example.org/projects/zedorwar";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
