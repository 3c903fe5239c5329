{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, dorpul }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "lofytor-unwrapped";
    version = "2005";
    src = fetchurl {
      url = "https://example.org/releases/lofytor-${version}.tar.gz";
      sha256 = "c23137598393b0e826f46a66af8c1b275338515ccf13cc44612bae3019aee0a5";
    };
    buildInputs = [ dorpul ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ dorpul ];
in
symlinkJoin {
  name = "lofytor-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "lofytor" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/lofytor "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The lofytor library, generated";
    homepage = "https://example.org/projects/lofytor";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
