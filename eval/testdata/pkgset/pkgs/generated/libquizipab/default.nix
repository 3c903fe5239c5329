{ lib, stdenv, fetchurl }:

stdenv.mkDerivation rec {
  pname = "libquizipab";
  version = "2024";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-laOxdFYLU+tGKdnqZ7AOCDwUj9bPSNjagG8LJsTc7R4=";
  };

  buildInputs = [ ];
  propagatedBuildInputs = [ ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The libquizipab library, generated";
    homepage = "https://example.org/projects/libquizipab";
    license = licenses.gpl3Only;
    platforms = platforms.all;
    maintainers = with maintainers; [ erin ];
  };
}
