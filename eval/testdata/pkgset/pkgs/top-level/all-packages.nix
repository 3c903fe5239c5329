# The main package list, an overlay: `self` is the final set, and `with
# self;` finds every package by name.
{ lib, config, overlays, system, variant }:
self: super:

with self;

import ./generated.nix { inherit lib self; } // {
  callPackage = lib.callPackageWith self;
  callPackages = lib.callPackagesWith self;
  newScope = extra: lib.callPackageWith (self // extra);

  fetchurl = callPackage ../../build-support/fetchurl { };

  inherit (callPackage ../../build-support/trivial-builders { })
    runCommand writeTextFile writeText writeScript writeScriptBin
    writeShellScriptBin symlinkJoin;

  zlib = callPackage ../development/libraries/zlib { };
  zlibStatic = zlib.override { static = true; shared = false; };

  inherit (callPackages ../development/libraries/openssl { })
    openssl_1_1 openssl_3;
  openssl = openssl_3;
  opensslWithDocs = openssl.override { withDocs = true; };

  curl = callPackage ../tools/networking/curl { };
  curlMinimal = curl.override {
    opensslSupport = false;
    zlibSupport = false;
    http2Support = false;
  };
  curlFull = curl.overrideAttrs (old: {
    pname = "curl-full";
    configureFlags = old.configureFlags ++ [ "--enable-ares" "--enable-ldap" ];
  });
  curlOld = (curl.override { openssl = openssl_1_1; }).overrideDerivation (drv: {
    name = "curl-old-ssl";
  });

  hello = callPackage ../applications/misc/hello { };
  coreutils = callPackage ../tools/misc/coreutils { };
  coreutils-full = coreutils.override { inherit openssl; singleBinary = false; };
  unfree-tool = callPackage ../tools/misc/unfree-tool { };

  perl = callPackage ../development/interpreters/perl { };
  perlPackages = lib.recurseIntoAttrs (import ./perl-packages.nix {
    inherit lib;
    pkgs = self;
    overrides = config.perlPackageOverrides or (p: { });
  });

  python3 = callPackage ../development/interpreters/python { };
  python3Packages = lib.recurseIntoAttrs
    (lib.makeScope newScope (import ./python-packages.nix { inherit lib; }));

  toolchain-env = symlinkJoin {
    name = "toolchain-env";
    paths = [ coreutils hello curl ];
    postBuild = "echo PATH=${lib.makeBinPath [ coreutils curl ]} > $out/env";
  };

  releaseNotes = writeText "release-notes" (lib.concatMapStringsSep "\n"
    (p: "${p.pname} ${p.version}")
    [ zlib openssl curl hello perl python3 ]);

  # The same set with the musl stdenv, as a sub-set nobody recurses into.
  pkgsMusl = import ./default.nix {
    inherit config overlays system;
    variant = "musl";
  };
}
