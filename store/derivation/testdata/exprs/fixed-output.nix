# Fixed-output derivations: every hash algorithm, every encoding, flat and
# recursive. The encodings of each digest were produced with `nix hash`.
let
  l = import ./lib.nix;
  hashes = {
    md5 = {
      base16 = "8f33c39787962e216e8233a431b8c1ad";
      base32 = "5dq6w3391kh9p22blnhybw6cwg";
      base64 = "jzPDl4eWLiFugjOkMbjBrQ==";
      sri = "md5-jzPDl4eWLiFugjOkMbjBrQ==";
    };
    sha1 = {
      base16 = "7b94f9821313d3066eda16249e511a4ea0d2585d";
      base32 = "bmcd582f398rw90nv9p0dlqk2f1gk53v";
      base64 = "e5T5ghMT0wZu2hYknlEaTqDSWF0=";
      sri = "sha1-e5T5ghMT0wZu2hYknlEaTqDSWF0=";
    };
    sha256 = {
      base16 = "5b1b8bffe46cee5186d63cf55eac68f319052813a16eabd6f8512a0308edcd1d";
      base32 = "07fdxl406ajiz3banvm12cl0a6gkd2n5xx9wss353vkcwkzqn6sv";
      base64 = "WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=";
      sri = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=";
    };
    sha512 = {
      base16 = "3a3d728c7960ea5bfd59e2bf8e54f441e48062886e4aa535a16fd4ff51e4750ab83a5db8d6dca7628f692dcf10cde465a6f8c5eed957df89420d9efa6b373b90";
      base32 = "283ndvbzag0shl9vxbxkvn5z2k6br6d237jsscgcakxrmmqblxbh2kmwi8zzm3gl4ssajkfi1i81r21yia8xgz2b7ympsk0g6674g9s";
      base64 = "Oj1yjHlg6lv9WeK/jlT0QeSAYohuSqU1oW/U/1HkdQq4Ol241tynYo9pLc8QzeRlpvjF7tlX34lCDZ76azc7kA==";
      sri = "sha512-Oj1yjHlg6lv9WeK/jlT0QeSAYohuSqU1oW/U/1HkdQq4Ol241tynYo9pLc8QzeRlpvjF7tlX34lCDZ76azc7kA==";
    };
  };
  modes = [ "flat" "recursive" ];
  one = algo: enc: mode:
    let h = hashes.${algo}.${enc}; in
    l.fod "fod-${algo}-${enc}-${mode}" ({
      outputHash = h;
      outputHashMode = mode;
    } // (if enc == "sri" then { } else { outputHashAlgo = algo; }));
  forms = builtins.concatMap (algo:
    builtins.concatMap (enc: map (mode: one algo enc mode) modes)
      [ "base16" "base32" "base64" "sri" ])
    (builtins.attrNames hashes);
in
forms ++ [
  # no outputHashMode at all means flat
  (l.fod "fod-default-mode" { outputHashAlgo = "sha256"; outputHash = hashes.sha256.base32; })
  # SRI with a matching outputHashAlgo
  (l.fod "fod-sri-and-algo" { outputHashAlgo = "sha512"; outputHash = hashes.sha512.sri; outputHashMode = "recursive"; })
  # "<algo>:<hash>" prefixed forms
  (l.fod "fod-prefixed-base32" { outputHash = "sha256:${hashes.sha256.base32}"; })
  (l.fod "fod-prefixed-base16" { outputHash = "sha1:${hashes.sha1.base16}"; outputHashMode = "recursive"; })
  # upper-case base16
  (l.fod "fod-upper-base16" { outputHashAlgo = "sha256"; outputHash = "5B1B8BFFE46CEE5186D63CF55EAC68F319052813A16EABD6F8512A0308EDCD1D"; })
  # an empty hash stands for the all-zero digest
  (l.fod "fod-empty-hash" { outputHashAlgo = "sha256"; outputHash = ""; outputHashMode = "recursive"; })
  # a fixed-output derivation with inputs of its own, and extra outputs in env
  (l.fod "fod-with-inputs" {
    outputHash = hashes.sha256.sri;
    outputHashMode = "recursive";
    dep = l.mk { name = "fod-dep"; };
    src = ./files/script.sh;
  })
  # the fetcher Nix itself ships
  (import <nix/fetchurl.nix> { url = "file:///nonexistent/tvix-src.tar.gz"; sha256 = hashes.sha256.base32; })
  (import <nix/fetchurl.nix> { url = "file:///nonexistent/tvix-unpack.tar.gz"; hash = hashes.sha256.sri; unpack = true; name = "tvix-unpacked"; })
  (import <nix/fetchurl.nix> { url = "file:///nonexistent/tvix-tool"; sha256 = hashes.sha256.base16; executable = true; })
]
