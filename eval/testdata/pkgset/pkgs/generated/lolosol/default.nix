{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, granu, zlib }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "lolosol-unwrapped";
    version = "1.8.9";
    src = fetchurl {
      url = "https://example.org/releases/lolosol-${version}.tar.gz";
      sha256 = "0c6skx4l0r7vpcfnm8fazwar0pllybj2vvqp8mhkrf93aqm8ggx1";
    };
    buildInputs = [ granu zlib ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ granu zlib ];
in
symlinkJoin {
  name = "lolosol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "lolosol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/lolosol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The lolosol library, generated";
    homepage = "https://example.org/projects/lolosol";
    license = licenses.mit;
    platforms = platforms.all;
    maintainers = with maintainers; [ dave erin ];
  };
}
