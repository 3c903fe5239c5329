let
  l = import ./lib.nix;
  lib = l.mk { name = "multi"; outputs = [ "out" "dev" "lib" "man" ]; };
  unsorted = l.mk { name = "unsorted"; outputs = [ "z" "out" "a" "bin" ]; };
  noOut = l.mk { name = "no-out"; outputs = [ "bin" "doc" ]; };
in
{
  inherit lib unsorted noOut;
  user = l.mk {
    name = "multi-user";
    outputs = [ "out" "debug" ];
    dev = lib.dev;
    libs = "${lib.lib}/lib:${lib.out}/lib";
    z = unsorted.z;
    bin = noOut.bin;
  };
  userDefault = l.mk { name = "multi-user-default"; inherit lib; };
  allOutputs = l.mk { name = "all-outputs"; all = lib.all; };
}
