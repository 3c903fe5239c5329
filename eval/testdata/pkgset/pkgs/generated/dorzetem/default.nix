{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libzewar, libexexfy, karakgra, warbelfy, rakvin, loabsol }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "dorzetem-unwrapped";
    version = "1.12";
    src = fetchurl {
      url = "https://example.org/releases/dorzetem-${version}.tar.gz";
      sha256 = "12k3gmsiismrnb43gklnnhjgkhbf4xhnqg000vgcshqim3dad52x";
    };
    buildInputs = [ libzewar libexexfy karakgra warbelfy ];
    propagatedBuildInputs = [ rakvin loabsol ];
  };
  runtimePath = lib.makeBinPath [ libzewar libexexfy karakgra warbelfy ];
in
symlinkJoin {
  name = "dorzetem-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "dorzetem" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/dorzetem "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The dorzetem library, generated";
    homepage = "https://example.org/projects/dorzetem";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob erin ];
  };
}
