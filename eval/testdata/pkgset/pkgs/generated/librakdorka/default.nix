{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libvinzelo, temwar, dorlosen, libgraex, libnuziptem, libwarabrak }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "librakdorka-unwrapped";
    version = "2.9.9";
    src = fetchurl {
      url = "https://example.org/releases/librakdorka-${version}.tar.gz";
      sha256 = "0xinccnndh1rjyj8l6bd804wwl2qyvksnaybm8qjh74qfwrx9wvc";
    };
    buildInputs = [ libvinzelo temwar dorlosen libgraex ];
    propagatedBuildInputs = [ libnuziptem libwarabrak ];
  };
  runtimePath = lib.makeBinPath [ libvinzelo temwar dorlosen libgraex ];
in
symlinkJoin {
  name = "librakdorka-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "librakdorka" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/librakdorka "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The librakdorka library, generated";
    homepage = "https://example.org/projects/librakdorka";
    license = licenses.lgpl21;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
