# The benchmark workload: the set, its musl variant and the overlaid set.
let pkgs = import ../. { }; in
{
  default = import ./collect.nix pkgs;
  musl = import ./collect.nix pkgs.pkgsMusl;
  overlaid = import ./overlays.nix;
}
