let
  zeta = 26;
in
({ x }: x) {
  inherit zeta;
  x = 1;
  alpha = 1;
}
