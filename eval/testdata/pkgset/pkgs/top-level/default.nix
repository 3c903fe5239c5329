# The package set: the fixed point of the stdenv stage, all-packages,
# aliases, the caller's overlays and config.packageOverrides.
{ overlays ? [ ], config ? { }, system ? "x86_64-linux", variant ? "gnu" }:

let
  lib = import ../../lib;

  stdenvStage = self: super: {
    inherit lib config;
    stdenv = import ../../stdenv { inherit lib config system variant; };
  };

  allPackages = import ./all-packages.nix { inherit lib config overlays system variant; };

  aliases = import ./aliases.nix { inherit lib; };

  configOverrides = self: super:
    lib.optionalAttrs (config ? packageOverrides) (config.packageOverrides super);

  stages = [ stdenvStage allPackages aliases ] ++ overlays ++ [ configOverrides ];
in
lib.fix (lib.foldl' (lib.flip lib.extends) (self: { }) stages)
