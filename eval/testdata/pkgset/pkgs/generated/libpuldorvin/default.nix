{ lib, stdenv, fetchurl, symlinkJoin, writeShellScriptBin, lopulvin }:

let
  unwrapped = stdenv.mkDerivation rec {
    pname = "libpuldorvin-unwrapped";
    version = "4.13.32";
    src = fetchurl {
      url = "https://example.org/releases/libpuldorvin-${version}.tar.gz";
      hash = "sha256-FYqj/C8umeYYYegqRVZQPbJ8qqlOTWPRjG1pX6Tyfpo=";
    };
    buildInputs = [ lopulvin ];
    propagatedBuildInputs = [ ];
  };
  runtimePath = lib.makeBinPath [ lopulvin ];
in
symlinkJoin {
  name = "libpuldorvin-${unwrapped.version}";
  paths = [
    unwrapped
    (writeShellScriptBin "libpuldorvin" ''
      export PATH=${runtimePath}''${PATH:+:$PATH}
      exec ${unwrapped}/bin/libpuldorvin "$@"
    '')
  ];
  passthru = { inherit unwrapped; };
  meta = with lib; {
    description = "The libpuldorvin library, generated";
    homepage = "https://example.org/projects/libpuldorvin";
    license = licenses.zlib;
    platforms = platforms.linux;
    maintainers = with maintainers; [ carol ];
  };
}
