# A DAG of busybox derivations for the build farm tests: `width` leaves
# that sleep `sleep` seconds, width/2 middles each reading two leaves, and
# a top reading every middle. `salt` makes a graph nobody has built yet.
{ salt, width ? 6, sleep ? "0.3" }:
let
  inherit (import ../../examples/busybox.nix { }) mkShell;
  at = builtins.elemAt;
  leaf = i: mkShell "leaf-${toString i}" ''
    busybox sleep ${sleep}
    echo leaf ${toString i} ${salt} > $out
  '' { };
  leaves = builtins.genList leaf width;
  mid = i: mkShell "mid-${toString i}" ''
    busybox cat ${at leaves (2 * i)} ${at leaves (2 * i + 1)} > $out
  '' { };
  mids = builtins.genList mid (width / 2);
in
mkShell "top-${salt}" ''
  busybox mkdir $out
  busybox cat ${builtins.concatStringsSep " " (map toString mids)} > $out/all
  busybox ln -s all $out/link
'' { }
