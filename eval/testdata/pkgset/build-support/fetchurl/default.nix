# fetchurl: a fixed-output derivation (never run here) named after the
# URL's file name, by sha256 (hex or nixbase32) or an SRI hash.
{ lib, stdenv }:
{ url ? null
, urls ? [ ]
, sha256 ? ""
, hash ? ""
, name ? baseNameOf (toString (if url != null then url else builtins.head urls))
, executable ? false
, recursiveHash ? false
, postFetch ? ""
}:
let
  allUrls = lib.optional (url != null) url ++ urls;
in
assert allUrls != [ ];
assert (sha256 != "") != (hash != "");
derivation ({
  inherit name;
  inherit (stdenv) system;
  builder = stdenv.shell;
  args = [ "-c" "for u in $urls; do echo fetching $u; done; touch $out" ];
  urls = allUrls;
  outputHashMode = if recursiveHash || executable then "recursive" else "flat";
  preferLocalBuild = true;
  impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
} // (if hash != "" then {
  outputHash = hash;
  outputHashAlgo = "";
} else {
  outputHash = sha256;
  outputHashAlgo = "sha256";
}) // lib.optionalAttrs (postFetch != "") {
  inherit postFetch;
})
