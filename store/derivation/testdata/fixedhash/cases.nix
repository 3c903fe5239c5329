# Inputs for the fixed-output hash parsing test: each case is merged into a
# derivation named "fh"; Nix's resulting output path (or its error) is
# recorded in cases.golden.json.
let
  b16 = "5b1b8bffe46cee5186d63cf55eac68f319052813a16eabd6f8512a0308edcd1d";
  b32 = "07fdxl406ajiz3banvm12cl0a6gkd2n5xx9wss353vkcwkzqn6sv";
  b64 = "WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=";
  md5 = "8f33c39787962e216e8233a431b8c1ad";
in
[
  { outputHash = b16; outputHashAlgo = "sha256"; }
  { outputHash = b32; outputHashAlgo = "sha256"; outputHashMode = "recursive"; }
  { outputHash = b64; outputHashAlgo = "sha256"; outputHashMode = "flat"; }
  { outputHash = "sha256-${b64}"; }
  { outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0"; }
  { outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0==="; }
  { outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkF\nKBOhbqvW+FEqAwjtzR0="; }
  { outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR"; }
  { outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0=AAAA"; }
  { outputHash = "sha256-WxuL/+Rs7lGG1jz1Xqxo8xkFKBOhbqvW+FEqAwjtzR0!"; }
  { outputHash = "sha256-${b64}"; outputHashAlgo = "sha512"; }
  { outputHash = "sha256-${b64}"; outputHashAlgo = "sha257"; }
  { outputHash = "sha256-${b64}"; outputHashAlgo = ""; outputHashMode = "recursive"; }
  { outputHash = "sha256:${b32}"; }
  { outputHash = "sha256:${b64}"; outputHashMode = "recursive"; }
  { outputHash = "sha256:${b16}"; outputHashAlgo = "sha256"; }
  { outputHash = "sha256:${b16}"; outputHashAlgo = "sha1"; }
  { outputHash = "sha256:sha256-${b64}"; }
  { outputHash = "sha3:${b16}"; }
  { outputHash = ":${b16}"; outputHashAlgo = "sha256"; }
  { outputHash = "-${b64}"; outputHashAlgo = "sha256"; }
  { outputHash = b16; }
  { outputHash = b16; outputHashAlgo = "sha257"; }
  { outputHash = b16; outputHashAlgo = "SHA256"; }
  { outputHash = "5B1B8BFFE46CEE5186D63CF55EAC68F319052813A16EABD6F8512A0308EDCD1D"; outputHashAlgo = "sha256"; }
  { outputHash = "gb1b8bffe46cee5186d63cf55eac68f319052813a16eabd6f8512a0308edcd1d"; outputHashAlgo = "sha256"; }
  { outputHash = "e7fdxl406ajiz3banvm12cl0a6gkd2n5xx9wss353vkcwkzqn6sv"; outputHashAlgo = "sha256"; }
  { outputHash = "z7fdxl406ajiz3banvm12cl0a6gkd2n5xx9wss353vkcwkzqn6sv"; outputHashAlgo = "sha256"; }
  { outputHash = "17fdxl406ajiz3banvm12cl0a6gkd2n5xx9wss353vkcwkzqn6sv"; outputHashAlgo = "sha256"; }
  { outputHash = b16 + "00"; outputHashAlgo = "sha256"; }
  { outputHash = ""; outputHashAlgo = "sha256"; }
  { outputHash = ""; outputHashAlgo = "md5"; outputHashMode = "recursive"; }
  { outputHash = ""; }
  { outputHash = md5; outputHashAlgo = "md5"; outputHashMode = "recursive"; }
  { outputHash = md5; outputHashAlgo = "md5"; outputHashMode = "Recursive"; }
  { outputHash = md5; outputHashAlgo = "md5"; outputHashMode = ""; }
  { outputHash = md5; outputHashAlgo = "sha1"; }
  { outputHash = b16; outputHashAlgo = "sha256"; outputHashMode = "recursive"; }
]
