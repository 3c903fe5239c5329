{ lib, stdenv, fetchurl, corcormi, openssl, quitem, libvinzipka, granuex, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "9.7.38";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libkacorsen";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libkacorsen_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    hash = "sha256-o5wLy/v1IAK+f47jDwTicLWRIp5NgigJ8mJXxgZaf5E=";
  };

  buildInputs = [ corcormi openssl quitem libvinzipka ];
  propagatedBuildInputs = [ granuex ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ corcormi openssl quitem libvinzipka ] ++ [ granuex ]);

  meta = with lib; {
    description = "The libkacorsen library, generated";
    homepage = "https://example.org/projects/libkacorsen";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
