# Derivations behind Nix 2.8's experimental features ca-derivations and
# impure-derivations: floating content-addressed outputs, impure outputs,
# and deferred outputs of derivations that depend on them. This package
# parses, prints and names their .drv files, but does not compute their
# output paths (Nix leaves them empty too).
let
  l = import ./lib.nix;
  ca = l.mk { name = "ca"; __contentAddressed = true; outputHashMode = "recursive"; outputHashAlgo = "sha256"; outputs = [ "out" "dev" ]; };
  caFlat = l.mk { name = "ca-flat"; __contentAddressed = true; outputHashMode = "flat"; outputHashAlgo = "sha512"; };
in
{
  inherit ca caFlat;
  impure = l.mk { name = "impure"; __impure = true; };
  onCA = l.mk { name = "on-ca"; src = ca.dev; other = caFlat; args = [ "${ca}/bin" ]; };
}
