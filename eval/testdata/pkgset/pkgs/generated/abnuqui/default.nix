{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, zipzenu }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "abnuqui-unwrapped";
    version = "1.0.13";
    src = fetchurl {
      url = "https://example.org/releases/abnuqui-${version}.tar.gz";
      hash = "sha256-gnGKrNtVa6zqRpjCQs0h2J6NVQbE0odXnpHM3IN9MIg=";
    };
    buildInputs = [ ];
    propagatedBuildInputs = [ zipzenu ];
  };
  runtimePath = lib.makeBinPath [ ];
in
symlinkJoin {
  name = "abnuqui-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "abnuqui" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/abnuqui "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The abnuqui library, generated";
    homepage = "https://example.org/projects/abnuqui";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
