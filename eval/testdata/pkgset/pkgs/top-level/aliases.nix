# Old names of packages.
{ lib }:
self: super:
lib.mapAttrs (old: new: self.${new}) {
  openssl_3_0 = "openssl_3";
  curl-full = "curlFull";
  pythonPackages = "python3Packages";
}
