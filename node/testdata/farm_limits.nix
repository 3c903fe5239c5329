# Derivations for the farm's client-limit tests: `slow` outlives any
# timeout, `fail` fails at once, `cores` records NIX_BUILD_CORES. `salt` makes them new.
{ salt }:
let
  inherit (import ../../examples/busybox.nix { }) mkShell;
in
{
  slow = mkShell "slow-${salt}" ''
    echo started
    busybox sleep 3600
    echo done > $out
  '' { };
  cores = mkShell "cores-${salt}" ''
    echo "cores=$NIX_BUILD_CORES" > $out
  '' { };
  fail = mkShell "fail-${salt}" ''
    echo failing
    exit 1
  '' { };
}
