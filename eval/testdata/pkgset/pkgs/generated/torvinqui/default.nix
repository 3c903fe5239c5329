{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, vincor, libsoltemgra, belzip }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "torvinqui-unwrapped";
    version = "2.0.7";
    src = fetchurl {
      url = "https://example.org/releases/torvinqui-${version}.tar.gz";
      sha256 = "5b579b035486c9396045c7cf753b84904f7741274bac741ea784556c599eef65";
    };
    buildInputs = [ vincor libsoltemgra belzip ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ vincor libsoltemgra belzip ];
in
symlinkJoin {
  name = "torvinqui-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "torvinqui" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/torvinqui "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The torvinqui library, generated";
    homepage = "https://example.org/projects/torvinqui";
    license = licenses.asl20;
    platforms = platforms.linux;
    maintainers = with maintainers; [ ];
  };
}
