# Import from derivation: one build writes a Nix expression, evaluation
# imports it and uses its value in the next derivation. Evaluation stops
# at the import until the first derivation is built. tvix build does
# that build in the sandbox; the evaluator then reads the output through
# the store (or at its /nix/store path, where tvix build links it when it
# can). salt makes new derivations (for tests).
{ salt ? "" }:
let
  inherit (import ./busybox.nix { }) mkShell;
  generated = mkShell "generated.nix" ''
    echo 'generating a Nix expression ${salt}'
    echo '{ words = [ "built" "during" "evaluation" ]; }' > $out
  '' { };
  value = import generated;
in
mkShell "ifd-result" ''
  printf '%s\n' ${toString value.words} > $out
'' { }
