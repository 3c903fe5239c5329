{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, zlib, libmibel, libsenvinbel }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "rakvin-unwrapped";
    version = "4.10";
    src = fetchurl {
      url = "https://example.org/releases/rakvin-${version}.tar.gz";
      sha256 = "041bw19dhiymy93chdrdlm8zv4qgd7g3bi92n90kb81q66gb56ri";
    };
    buildInputs = [ zlib ];
    propagatedBuildInputs = [ libmibel libsenvinbel ];
  };
  runtimePath = lib.makeBinPath [ zlib ];
in
symlinkJoin {
  name = "rakvin-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "rakvin" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/rakvin "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The rakvin library, generated";
    homepage = "https://example.org/projects/rakvin";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ dave bob ];
  };
}
