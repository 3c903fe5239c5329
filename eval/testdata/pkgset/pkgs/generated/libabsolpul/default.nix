{ lib, stdenv, fetchurl, libvinziptor, vingra, belzip, extraFlags ? [ "--quiet" ] }:

let
  versionParts = lib.splitString "." "4.1.16";
  flags = lib.concatImapStringsSep " " (i: f: "-D${toString i}=${f}") (extraFlags ++ versionParts);
in
stdenv.mkDerivation {
  pname = "libabsolpul";
  version = lib.concatStringsSep "." versionParts;

  src = fetchurl {
    url = "https://example.org/dist/libabsolpul_${lib.fixedWidthNumber 4 (builtins.length versionParts)}.tgz";
    sha256 = "bcdd0d2fbc59baecbe05bbd465d38c77d7a034be4e5b611d245022a91ab58baa";
  };

  buildInputs = [ libvinziptor vingra ];
  propagatedBuildInputs = [ belzip ];

  makeFlags = [ "PREFIX=$(out)" flags ];
  inputsSummary = lib.concatMapStringsSep "," (d: lib.getName d) ([ libvinziptor vingra ] ++ [ belzip ]);

  meta = with lib; {
    description = "The libabsolpul library, generated";
    homepage = "https://example.org/projects/libabsolpul";
    license = licenses.gpl2Plus;
    platforms = platforms.all;
    maintainers = with maintainers; [ carol erin ];
  };
}
