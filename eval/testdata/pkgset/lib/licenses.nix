# Licenses, each with its short name added.
{ lib }:
builtins.mapAttrs (n: v: v // { shortName = n; }) {
  mit = { spdxId = "MIT"; fullName = "MIT License"; };
  bsd3 = { spdxId = "BSD-3-Clause"; fullName = "BSD 3-clause \"New\" or \"Revised\" License"; };
  asl20 = { spdxId = "Apache-2.0"; fullName = "Apache License 2.0"; };
  gpl2Plus = { spdxId = "GPL-2.0-or-later"; fullName = "GNU General Public License v2.0 or later"; };
  gpl3Only = { spdxId = "GPL-3.0-only"; fullName = "GNU General Public License v3.0 only"; };
  lgpl21 = { spdxId = "LGPL-2.1-only"; fullName = "GNU Lesser General Public License v2.1 only"; };
  zlib = { spdxId = "Zlib"; fullName = "zlib License"; };
  unfree = { fullName = "Unfree"; free = false; };
}
