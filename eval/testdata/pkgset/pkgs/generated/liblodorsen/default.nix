{ lib, stdenv, fetchurl, quitem, liblotormi, mizip, libsoltemgra, fyexcor }:

stdenv.mkDerivation rec {
  pname = "liblodorsen";
  version = "3.5.5";

  src = fetchurl {
    url = "https://example.org/releases/${pname}/${pname}-${version}.tar.gz";
    hash = "sha256-YZTkar+wGx7QSvte9ex7Vmy92X4+KZtBH+xowJcBB0U=";
  };

  buildInputs = [ quitem liblotormi mizip libsoltemgra ];
  propagatedBuildInputs = [ fyexcor ];
  configureFlags = [ "--sysconfdir=/etc" ]
    ++ map (d: "--with-${lib.getName d}=${lib.getDev d}") buildInputs;

  meta = with lib; {
    description = "The liblodorsen library, generated";
    homepage = "https://example.org/projects/liblodorsen";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
