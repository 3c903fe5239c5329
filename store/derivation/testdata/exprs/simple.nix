let l = import ./lib.nix; in
{
  minimal = l.mk { name = "minimal"; };
  withArgs = l.mk { name = "with-args"; args = [ "-c" "echo hello" "" ]; };
  emptyArgs = l.mk { name = "empty-args"; args = [ ]; };
  oddName = l.mk { name = "odd-name_1.0+b?c=d"; };
  otherSystem = derivation { name = "other-system"; system = "aarch64-darwin"; builder = "/usr/bin/env"; args = [ "bash" ]; };
}
