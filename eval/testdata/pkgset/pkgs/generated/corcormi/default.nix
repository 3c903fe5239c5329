{ lib, stdenv, fetchurl, exsol, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "3.1.9";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "corcormi";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/corcormi_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "e4afcc07bc741ea87186a773f9514f0d8e2b7ab5b87a01c57aee735e66adb726";
  };

  buildInputs = [ exsol ];
  propagatedBuildInputs = [ ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ exsol ] ++ [ ]);

  meta = with lib; {
    description = "The corcormi library, generated";
    homepage = "https://example.org/projects/corcormi";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ carol ];
  };
}
