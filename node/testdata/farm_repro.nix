# Derivations for the farm's reproducibility check: `same` builds the same
# bytes anywhere, `differs` writes random bytes to one file (and the same
# bytes to another). `salt` makes them new.
{ salt }:
let
  inherit (import ../../examples/busybox.nix { }) mkShell;
in
{
  same = mkShell "same-${salt}" ''
    busybox mkdir $out
    echo same > $out/same
  '' { };
  differs = mkShell "differs-${salt}" ''
    busybox mkdir $out
    echo same > $out/same
    busybox cat /proc/sys/kernel/random/uuid > $out/random
  '' { };
}
