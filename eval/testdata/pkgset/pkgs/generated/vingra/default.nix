{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libvinzipka, libcortemka }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "vingra-unwrapped";
    version = "1.1.8";
    src = fetchurl {
      url = "https://example.org/releases/vingra-${version}.tar.gz";
      sha256 = "1qirjxcz3vs4q83xm73k9ns6dw6dkrra2c98rl38kn7aydxy2vmf";
    };
    buildInputs = [ libvinzipka libcortemka ];
    propagatedBuildInputs = [ libvinzipka ];
  };
  runtimePath = lib.makeBinPath [ libvinzipka libcortemka ];
in
symlinkJoin {
  name = "vingra-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "vingra" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/vingra "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The vingra library, generated";
    homepage = "https://example.org/projects/vingra";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice bob ];
  };
}
