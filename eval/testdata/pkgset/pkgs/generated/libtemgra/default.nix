{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libgranu, librakabcor, lorak }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libtemgra-unwrapped";
    version = "2003";
    src = fetchurl {
      url = "https://example.org/releases/libtemgra-${version}.tar.gz";
      sha256 = "1ks4jc9vr76ljivlg2qif2kw38ig0m2h81pxg40l8y8vsznz1gmd";
    };
    buildInputs = [ libgranu ];
    propagatedBuildInputs = [ librakabcor lorak ];
  };
  runtimePath = lib.makeBinPath [ libgranu ];
in
symlinkJoin {
  name = "libtemgra-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libtemgra" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libtemgra "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libtemgra library, generated";
    homepage = "https://example.org/projects/libtemgra";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
