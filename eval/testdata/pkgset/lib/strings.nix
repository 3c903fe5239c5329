# Functions on strings.
{ lib }:
let
  inherit (builtins) concatStringsSep substring stringLength replaceStrings
    length head;
in
rec {
  inherit (builtins) concatStringsSep substring stringLength replaceStrings
    toString;

  concatStrings = concatStringsSep "";
  concatMapStrings = f: list: concatStrings (map f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  concatImapStringsSep = sep: f: list: concatStringsSep sep (lib.lists.imap1 f list);

  intersperse = separator: list:
    if list == [ ] then [ ]
    else builtins.tail (lib.lists.concatMap (x: [ separator x ]) list);

  optionalString = cond: string: if cond then string else "";

  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;

  hasSuffix = suffix: content:
    let
      lenContent = stringLength content;
      lenSuffix = stringLength suffix;
    in
    lenContent >= lenSuffix
    && substring (lenContent - lenSuffix) lenContent content == suffix;

  hasInfix = infix: content:
    builtins.match ".*${escapeRegex infix}.*" "${content}" != null;

  removePrefix = prefix: str:
    if hasPrefix prefix str
    then substring (stringLength prefix) (stringLength str - stringLength prefix) str
    else str;

  removeSuffix = suffix: str:
    if hasSuffix suffix str
    then substring 0 (stringLength str - stringLength suffix) str
    else str;

  stringToCharacters = s: builtins.genList (p: substring p 1 s) (stringLength s);

  escape = list: replaceStrings list (map (c: "\\${c}") list);
  escapeRegex = escape (stringToCharacters "\\[{()^$?*+|.");

  # splitString sep s splits s at every sep (a plain string, not a regex).
  splitString = sep: s:
    builtins.filter builtins.isString (builtins.split (escapeRegex sep) (toString s));

  lowerChars = stringToCharacters "abcdefghijklmnopqrstuvwxyz";
  upperChars = stringToCharacters "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  toLower = replaceStrings upperChars lowerChars;
  toUpper = replaceStrings lowerChars upperChars;

  escapeShellArg = arg: "'${replaceStrings [ "'" ] [ "'\\''" ] (toString arg)}'";
  escapeShellArgs = concatMapStringsSep " " escapeShellArg;

  makeSearchPath = subDir: paths:
    concatStringsSep ":" (map (path: path + "/" + subDir) (builtins.filter (x: x != null) paths));

  makeSearchPathOutput = output: subDir: pkgs:
    makeSearchPath subDir (map (lib.attrsets.getOutput output) pkgs);

  makeBinPath = makeSearchPathOutput "bin" "bin";
  makeLibraryPath = makeSearchPathOutput "lib" "lib";

  versionOlder = v1: v2: builtins.compareVersions v2 v1 == 1;
  versionAtLeast = v1: v2: !versionOlder v1 v2;

  getName = x: (builtins.parseDrvName (if builtins.isString x then x else x.name)).name;
  getVersion = x: (builtins.parseDrvName (if builtins.isString x then x else x.name)).version;

  # nameFromURL url sep is the part of the url's file name before sep.
  nameFromURL = url: sep:
    let
      components = splitString "/" url;
      filename = lib.lists.last components;
    in
    head (splitString sep filename);

  fixedWidthString = width: filler: str:
    let strw = stringLength str; in
    if strw >= width then str
    else fixedWidthString width filler (filler + str);

  fixedWidthNumber = width: n: fixedWidthString width "0" (toString n);

  enableFeature = enable: feat: "--${if enable then "enable" else "disable"}-${feat}";
  withFeature = with_: feat: "--${if with_ then "with" else "without"}-${feat}";
  withFeatureAs = with_: feat: value:
    withFeature with_ feat + optionalString with_ "=${value}";

  # trim s drops leading and trailing white space.
  trim = s:
    let m = builtins.match "[[:space:]]*(.*[^[:space:]])[[:space:]]*" s;
    in if m == null then "" else head m;
}
