{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, abqui, libmizip }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "librakzesol-unwrapped";
    version = "1.3.7";
    src = fetchurl {
      url = "https://example.org/releases/librakzesol-${version}.tar.gz";
      sha256 = "16cc5m1gisf410v952l0ll9hppa93y6m8kkqi9aws55sxyrwi9mb";
    };
    buildInputs = [ abqui ];
    propagatedBuildInputs = [ libmizip ];
  };
  runtimePath = lib.makeBinPath [ abqui ];
in
symlinkJoin {
  name = "librakzesol-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "librakzesol" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/librakzesol "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The librakzesol library, generated";
    homepage = "https://example.org/projects/librakzesol";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ ];
  };
}
