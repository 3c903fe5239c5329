# Version strings.
{ lib }:
rec {
  splitVersion = builtins.splitVersion;
  major = v: builtins.elemAt (splitVersion v) 0;
  minor = v: builtins.elemAt (splitVersion v) 1;
  patch = v: builtins.elemAt (splitVersion v) 2;
  majorMinor = v: builtins.concatStringsSep "." (lib.lists.take 2 (splitVersion v));
  # pad n v has exactly n components, zeros added.
  pad = n: version:
    let
      parts = splitVersion version;
      missing = n - builtins.length parts;
    in
    builtins.concatStringsSep "."
      (if missing > 0 then parts ++ builtins.genList (_: "0") missing else lib.lists.take n parts);
}
