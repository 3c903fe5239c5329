{ lib, stdenv, fetchurl, libmiziplo, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "2017";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "torbelzip";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/torbelzip_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "1gfc67qf7y1fchgj9kba0iyf8iwmhqaxc9z7q6hsw7lm8z5m5cd3";
  };

  buildInputs = [ libmiziplo ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libmiziplo ] ++ [ ]);

  meta = with lib; {
    description = "The torbelzip library, generated";
    homepage = "https://example.org/projects/torbelzip";
    license = licenses.lgpl21;
    platforms = platforms.unix;
    maintainers = with maintainers; [ erin ];
  };
}
