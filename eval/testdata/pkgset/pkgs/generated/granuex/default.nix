{ lib, stdenv, fetchurl, curl, libbelkaab, lomipul, libvinlodor, zipzenu }:

stdenv.mkDerivation rec {
  pname = "granuex";
  version = "3.9.8";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-aa0jbdW2oZ5lyrfqCC6DOC+3U4C/tSRFTa0UTcHF/AA=";
  };

  buildInputs = [ curl libbelkaab lomipul libvinlodor ];
  propagatedBuildInputs = [ zipzenu ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The granuex library, generated";
    homepage = "https://example.org/projects/granuex";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ ];
  };
}
