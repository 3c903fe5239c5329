{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, mibelzip }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "corsol-unwrapped";
    version = "4.24";
    src = fetchurl {
      url = "https://example.org/releases/corsol-${version}.tar.gz";
      sha256 = "169g89l83xi21cisjhak9sh6gqfs9a56dmxqqxh21zd8lnp2l04k";
    };
    buildInputs = [ mibelzip ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ mibelzip ];
in
symlinkJoin {
  name = "corsol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "corsol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/corsol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The corsol library, generated";
    homepage = "https://example.org/projects/corsol";
    license = licenses.mit;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
