{ lib, stdenv, fetchurl, openssl, libfynu, curl, temcormi, lorak }:

stdenv.mkDerivation rec {
  pname = "zipdorwar";
  version = "8.7.17";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-k8bZkYKDzSKC9iVQchF/vPbJnf54ZM+8wRJvr3jm4i8=";
  };

  buildInputs = [ openssl libfynu curl ];
  propagatedBuildInputs = [ temcormi lorak ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The zipdorwar library, generated";
    homepage = "https://example.org/projects/zipdorwar";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
