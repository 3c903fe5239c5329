{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libquibeltem, librakabcor }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "exsolsen-unwrapped";
    version = "1.3.7";
    src = fetchurl {
      url = "https://example.org/releases/exsolsen-${version}.tar.gz";
      sha256 = "1brlb8aw7a66vv4vdmxvgk1pix9g9ajhz2df26a3vrfh6dqd8ai0";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ libquibeltem librakabcor ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "exsolsen-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "exsolsen" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/exsolsen "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The exsolsen library, generated";
    homepage = "https://example.org/projects/exsolsen";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice dave ];
  };
}
