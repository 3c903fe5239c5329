# The chaos campaign's build: a binary tree of busybox derivations,
# `width` leaves (a power of two) and width-1 joins, 2*width-1 in all.
# Leaf i writes "leaf i salt"; each join concatenates its two children,
# and the root writes the concatenation of every leaf, in order, to
# $out/all. `salt` makes a tree nobody has built yet; each leaf sleeps
# `sleep` seconds, so faults can land while builds run.
{ salt, width ? 64, sleep ? "0" }:
let
  inherit (import ../../../examples/busybox.nix { }) mkShell;
  at = builtins.elemAt;
  leaf = i: mkShell "chaos-leaf-${toString i}" ''
    busybox sleep ${sleep}
    echo leaf ${toString i} ${salt} > $out
  '' { };
  join = k: xs: j: mkShell "chaos-${toString k}-${toString j}" ''
    busybox cat ${at xs (2 * j)} ${at xs (2 * j + 1)} > $out
  '' { };
  level = k: xs:
    if builtins.length xs == 2 then
      mkShell "chaos-root-${salt}" ''
        busybox mkdir $out
        busybox cat ${at xs 0} ${at xs 1} > $out/all
      '' { }
    else level (k + 1) (builtins.genList (join k xs) (builtins.length xs / 2));
in
level 1 (builtins.genList leaf width)
