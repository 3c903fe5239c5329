# 150 derivations whose shape is drawn from sha256 hashes of their index:
# one to four outputs, zero to three inputs among the earlier ones (using
# any of their outputs), some fixed-output, env values and args built from
# characters that need escaping, unicode and plain text.
let
  l = import ./lib.nix;
  n = 150;
  hexDigits = { "0" = 0; "1" = 1; "2" = 2; "3" = 3; "4" = 4; "5" = 5; "6" = 6; "7" = 7;
                "8" = 8; "9" = 9; "a" = 10; "b" = 11; "c" = 12; "d" = 13; "e" = 14; "f" = 15; };
  mod = a: b: a - (a / b) * b;
  # byte k (0..31) of the hash of i, as a number 0..255
  byte = i: k: let s = builtins.hashString "sha256" "tvix-${toString i}"; in
    hexDigits.${builtins.substring (2 * k) 1 s} * 16 + hexDigits.${builtins.substring (2 * k + 1) 1 s};
  pick = list: x: builtins.elemAt list (mod x (builtins.length list));
  pieces = [ "\"" "\\" "\n" "\r" "\t" "é" "日本" "🦀" " " "$" "plain" "-" "=" "," "(" ")" "[" "]" "\\n" ];
  text = i: k0: builtins.concatStringsSep "" (builtins.genList (k: pick pieces (byte i (k0 + k))) (mod (byte i k0) 9));
  outputSets = [ [ "out" ] [ "out" "dev" ] [ "lib" "out" ] [ "bin" "dev" "out" "man" ] [ "doc" ] ];
  drv = i:
    let
      fixed = mod (byte i 0) 7 == 0;
      outputs = if fixed then [ "out" ] else pick outputSets (byte i 1);
      nDeps = if i == 0 then 0 else mod (byte i 2) 4;
      dep = k: let d = builtins.elemAt all (mod (byte i (3 + k)) i); in
        d.${pick d.outputs (byte i (20 + k))};
      algo = pick [ "sha1" "sha256" "sha512" "md5" ] (byte i 8);
    in
    l.mk ({
      name = "gen-${toString i}";
      inherit outputs;
      deps = builtins.genList dep nDeps;
      value = text i 9;
      "key-${text i 10}" = text i 11;
      args = [ (text i 12) (text i 13) ];
    } // (if fixed then {
      outputHash = builtins.hashString algo (toString i);
      outputHashAlgo = algo;
      outputHashMode = pick [ "flat" "recursive" ] (byte i 14);
    } else { }));
  all = builtins.genList drv n;
in
all
