# n trivial independent derivations plus one that depends on all of
# them: the per-build overhead benchmark (bench/build.sh).
{ n ? 40, salt ? "" }:
let
  inherit (import ./busybox.nix { }) mkShell;
  leaf = i: mkShell "leaf-${toString i}" ''
    echo ${toString i} ${salt} > $out
  '' { };
  leaves = builtins.genList leaf n;
in
mkShell "many-${toString n}" ''
  cat ${builtins.concatStringsSep " " (map toString leaves)} > $out
'' { }
