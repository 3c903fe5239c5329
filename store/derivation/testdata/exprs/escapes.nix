# String escapes, unicode and control characters in every escaped field.
let
  l = import ./lib.nix;
  ctl = builtins.fromJSON ''"\u0001\u001f\u007f"'';
in
{
  escapes = derivation {
    name = "escapes";
    system = l.system;
    builder = "/bin/sh \"quoted\"\\";
    args = [ "a\"b" "c\\d" "line1\nline2" "cr\rtab\t" "" "\\n" ];
    quote = "\"";
    backslash = "\\";
    mixed = "a\"b\\c\nd\re\tf";
    empty = "";
    unicode = "héllo wörld — 日本語 🦀";
    control = ctl;
    "key with spaces" = "v";
    "ünïcödé-key" = "v";
    "key\"quote" = "v";
    "key\nnewline" = "v";
    dollar = "\${not-interpolated}";
  };
  # bytes that are not UTF-8, and an escape character, read from a file
  notUtf8 = l.mk { name = "not-utf8"; bytes = builtins.readFile ./files/latin1.bin; args = [ (builtins.readFile ./files/latin1.bin) ]; };
  unicodeName = l.mk { name = "unicode-env"; a = "Ω"; b = "é"; c = "e"; "é" = "1"; "z" = "2"; "Z" = "3"; };
}
