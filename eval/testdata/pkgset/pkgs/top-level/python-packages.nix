# Python modules, a scope made by lib.makeScope: callPackage finds the
# scope's members before the top level's.
{ lib }:
self:
let
  inherit (self) callPackage;
in
import ./python-generated.nix { inherit lib callPackage; } // {
  buildPythonPackage = callPackage ../development/interpreters/python/mk-python-derivation.nix { };

  fetchPypi = callPackage
    ({ fetchurl }: { pname, version, sha256 ? "", hash ? "", extension ? "tar.gz" }:
      fetchurl {
        url = "https://files.pythonhosted.org/packages/source/${builtins.substring 0 1 pname}/${pname}/${pname}-${version}.${extension}";
        inherit sha256 hash;
      })
    { };

  # a module with its tests switched off, as nixpkgs pins do
  pytestCheckHook = self.buildPythonPackage {
    pname = "pytest-check-hook";
    version = "1.0";
    format = "other";
    src = ../development/interpreters/python/mk-python-derivation.nix;
  };
}
