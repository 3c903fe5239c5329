{ lib, stdenv, fetchurl, karakgra, fyexcor, libmibel, lorak, withExtra ? true }:

stdenv.mkDerivation rec {
  name = "migra-${version}";
  version = "4.6.7";

  src = fetchurl {
    urls = [
      "https://mirror-a.example.org/migra/migra-${version}.tar.bz2"
      "https://mirror-b.example.org/pub/migra-${version}.tar.bz2"
    ];
    sha256 = "1drjx9q55w3jq7yqvvkc75y7l38cgk97ng1mx4b800kqm5kp6ksh";
  };

  patches = [ ./fix-build.patch ];

  buildInputs = [ fyexcor libmibel ] ++ lib.optionals withExtra [ karakgra ];
  propagatedBuildInputs = [ lorak ];

  configureFlags = lib.optionals withExtra [ "--enable-extra" ]
    ++ lib.optional (karakgra != null) "--with-extra-dep=${lib.getDev karakgra}";

  doCheck = withExtra;
  checkInputs = [ ];
  hardeningDisable = [ "format" ];

  meta = with lib; {
    description = "The migra library, generated";
    homepage = "https://example.org/projects/migra";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
