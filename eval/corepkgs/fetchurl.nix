# <nix/fetchurl.nix>: a file fetched by the builder built into Nix
# ("builtin:fetchurl"), as a fixed-output derivation. The attributes the
# derivation gets are the ones Nix 2.8's own file gives it, so that the
# .drv and output paths are the same.
let
  # The hash to use and its algorithm: an SRI `hash` carries its own
  # algorithm; otherwise the first of sha512, sha1 and md5 that is given,
  # and sha256 (possibly empty) when none is.
  choose = { hash, sha512, sha1, md5, sha256 }:
    let
      given = builtins.filter (c: c.value != "") [
        { algo = ""; value = hash; }
        { algo = "sha512"; value = sha512; }
        { algo = "sha1"; value = sha1; }
        { algo = "md5"; value = md5; }
      ];
    in
    if given != [ ] then builtins.head given else { algo = "sha256"; value = sha256; };
in

{ url
, name ? baseNameOf (toString url)
, executable ? false
, unpack ? false
, hash ? ""
, sha512 ? ""
, sha1 ? ""
, md5 ? ""
, sha256 ? ""
, outputHash ? (choose { inherit hash sha512 sha1 md5 sha256; }).value
, outputHashAlgo ? (choose { inherit hash sha512 sha1 md5 sha256; }).algo
, system ? "" # accepted for old callers; the builder runs on any system
}:

derivation {
  inherit name url executable unpack outputHash outputHashAlgo;
  builder = "builtin:fetchurl";
  system = "builtin";
  urls = [ url ];
  # Executables and unpacked archives are hashed as NARs.
  outputHashMode = if executable || unpack then "recursive" else "flat";
  # Fetching elsewhere and copying would move the data twice.
  preferLocalBuild = true;
  # Proxy settings come from the caller's environment.
  impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
}
