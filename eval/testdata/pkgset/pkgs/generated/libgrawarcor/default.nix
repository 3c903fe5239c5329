{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, liblocorzip, mibelzip, exsol, libvinzelo, liblotormi }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libgrawarcor-unwrapped";
    version = "1.9.6";
    src = fetchurl {
      url = "https://example.org/releases/libgrawarcor-${version}.tar.gz";
      sha256 = "0szk3zy1ddwrd851jpq3wcrldsinzpqasxscn6610lrzck8g75ya";
    };
    buildInputs = [ liblocorzip mibelzip exsol ];
    propagatedBuildInputs = [ libvinzelo liblotormi ];
  };
  runtimePath = lib.makeBinPath [ liblocorzip mibelzip exsol ];
in
symlinkJoin {
  name = "libgrawarcor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libgrawarcor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libgrawarcor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libgrawarcor library, generated";
    homepage = "https://example.org/projects/libgrawarcor";
    license = licenses.gpl2Plus;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
