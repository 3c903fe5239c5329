{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, libnuziptem, libgrawarcor }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "dorpul-unwrapped";
    version = "2.1.0";
    src = fetchurl {
      url = "https://example.org/releases/dorpul-${version}.tar.gz";
      hash = "sha256-eshzfLPliNJnr7MACJtfEr08+P76oom1lLN4AtT7zOc=";
    };
    buildInputs = [ libnuziptem libgrawarcor ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ libnuziptem libgrawarcor ];
in
symlinkJoin {
  name = "dorpul-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "dorpul" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/dorpul "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The dorpul library, generated";
    homepage = "https://example.org/projects/dorpul";
    license = licenses.gpl3Only;
    platforms = platforms.unix;
    maintainers = with maintainers; [ alice ];
  };
}
