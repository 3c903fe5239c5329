# hashDerivationModulo: dependents of fixed-output derivations see only the
# fixed output, not how it is fetched.
let
  l = import ./lib.nix;
  h = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=";
  fetchA = l.fod "source" { outputHash = h; outputHashMode = "recursive"; url = "a"; };
  # same name and hash, different recipe: same output path, different drv
  fetchB = l.fod "source" { outputHash = h; outputHashMode = "recursive"; url = "b"; };
  flat = l.fod "flat-src" { outputHash = h; };
  regular = l.mk { name = "regular"; outputs = [ "out" "dev" ]; src = fetchA; };
in
{
  inherit fetchA fetchB flat regular;
  useA = l.mk { name = "use"; src = fetchA; };
  useB = l.mk { name = "use"; src = fetchB; };
  useBoth = l.mk { name = "use-both"; a = fetchA; b = fetchB; };
  mixed = l.mk { name = "mixed"; a = fetchA; f = flat; r = regular.dev; r2 = regular; };
  chained = l.mk { name = "chained"; dep = l.mk { name = "middle"; a = fetchB; }; };
  fodOfFod = l.fod "fod-of-fod" { outputHash = h; dep = fetchA; };
}
