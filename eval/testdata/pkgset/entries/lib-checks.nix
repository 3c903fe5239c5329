# The library over lists, strings and sets, and a summary of every
# package's meta, printed as JSON.
let
  pkgs = import ../. { };
  inherit (pkgs) lib;
  generated = lib.filterAttrs (n: v: lib.isDerivation v && v ? pname)
    (import ../pkgs/top-level/generated.nix { inherit lib; self = pkgs; });
  depNames = p: map lib.getName (builtins.filter lib.isDerivation
    (p.drvAttrs.buildInputs or [ ] ++ p.propagatedBuildInputs' or [ ]));
  small = lib.take 12 (builtins.attrNames generated);
in
{
  lists = {
    fold = lib.foldr (x: acc: "${toString x}(${acc})") "nil" (lib.range 1 6);
    foldl = lib.foldl (acc: x: acc * 2 + x) 0 [ 1 0 1 1 ];
    flatten = lib.flatten [ 1 [ 2 [ 3 [ ] 4 ] ] [ [ [ 5 ] ] ] ];
    unique = lib.unique [ 3 1 3 2 1 "a" "a" ];
    imap = lib.imap1 (i: x: "${toString i}:${x}") [ "a" "b" "c" ];
    sublist = [ (lib.take 2 [ 1 2 3 ]) (lib.drop 2 [ 1 2 3 ]) (lib.sublist 1 10 [ 1 2 3 ]) (lib.init [ 1 2 3 ]) (lib.last [ 1 2 3 ]) ];
    reverse = lib.reverseList (lib.range 1 5);
    zip = lib.zipLists [ 1 2 3 ] [ "a" "b" ];
    partition = lib.partition (x: x > 2) [ 1 5 2 4 3 ];
    groupBy = lib.groupBy' (a: b: a + b) 0 (x: if x > 2 then "big" else "small") [ 1 2 3 4 ];
    sortOn = lib.sortOn lib.stringLength [ "ccc" "a" "bb" "" ];
    count = lib.count (x: x == 1) [ 1 2 1 1 ];
    findFirst = lib.findFirst (x: x > 10) "none" [ 1 2 3 ];
    toposort = lib.toposort (a: b: builtins.elem a (pkgs.${b}.deps or [ ])) small;
    toposortDeps = lib.toposort (a: b: builtins.elem (lib.getName a) (depNames b))
      (map (n: generated.${n}) small);
    closure = map lib.getName (lib.closeOver (d: d.outPath) (d: d.propagatedBuildInputs' or [ ])
      [ pkgs.curl pkgs.python3Packages.${lib.head (lib.filter (lib.hasPrefix "py") (builtins.attrNames pkgs.python3Packages))} ]);
  };
  strings = {
    split = lib.splitString "." "1.22.333";
    splitSep = lib.splitString "--" "a--b----c";
    case = [ (lib.toUpper "Hello, Nix!") (lib.toLower "ÀBC") ];
    affix = [ (lib.hasPrefix "lib" "libfoo") (lib.hasSuffix ".nix" "x.nix") (lib.removePrefix "lib" "libfoo") (lib.removeSuffix ".tar.gz" "a.tar.gz") (lib.hasInfix "b.c" "ab.cd") (lib.hasInfix "b.c" "abxcd") ];
    shell = lib.escapeShellArgs [ "it's" "a b" "$HOME" ];
    search = lib.makeBinPath [ pkgs.curl pkgs.coreutils pkgs.hello ];
    libPath = lib.makeLibraryPath [ pkgs.zlib pkgs.openssl ];
    versions = map (v: [ (lib.versions.major v) (lib.versions.majorMinor v) (lib.versions.pad 4 v) (lib.versionOlder v "2.10") ]) [ "2.9.1" "2.10" "10.0.0.1" ];
    names = [ (lib.getName "openssl-3.0.13") (lib.getVersion pkgs.curl) (lib.nameFromURL "https://x.org/dist/foo-1.2.tar.gz" "-") ];
    width = [ (lib.fixedWidthNumber 5 42) (lib.fixedWidthString 3 " " "abcd") (lib.toHexString 48879) ];
    trim = [ (lib.trim "  a b \n") (lib.trim "   ") ];
    features = [ (lib.enableFeature false "x") (lib.withFeatureAs true "y" "z") ];
    intersperse = lib.concatStrings (lib.intersperse ", " [ "a" "b" "c" ]);
    chars = lib.concatImapStringsSep "" (i: c: lib.optionalString (lib.mod i 2 == 1) c) (lib.stringToCharacters "abcdefg");
  };
  attrsets = {
    recursiveUpdate = lib.recursiveUpdate { a = { b = 1; c = { d = 2; }; }; e = [ 1 ]; } { a = { c = { f = 3; }; g = 4; }; e = [ 2 ]; };
    mapAttrs' = lib.mapAttrs' (n: v: lib.nameValuePair "x-${n}" (v * 10)) { a = 1; b = 2; };
    filter = builtins.attrNames (lib.filterAttrs (n: v: lib.hasPrefix "perl" n) pkgs);
    byPath = [ (lib.attrByPath [ "a" "b" ] 0 { a.b = 5; }) (lib.attrByPath [ "a" "x" ] 0 { a.b = 5; }) (lib.hasAttrByPath [ "python3Packages" "buildPythonPackage" ] pkgs) (lib.setAttrByPath [ "x" "y" ] 1) ];
    fromPath = (lib.getAttrFromPath [ "curl" "pname" ] pkgs);
    foldAttrs = lib.foldAttrs (x: acc: [ x ] ++ acc) [ ] [ { a = 1; } { a = 2; b = 3; } ];
    cartesian = lib.cartesianProductOfSets { os = [ "linux" "darwin" ]; arch = [ "x86_64" "aarch64" ]; };
    collect = lib.collect builtins.isInt { a = 1; b = { c = 2; d = "x"; }; };
    zip = lib.zipAttrsWith (n: vs: vs) [ { a = 1; } { a = 2; b = 3; } ];
    licenses = lib.mapAttrsToList (n: l: "${n}=${l.spdxId or "?"}") lib.licenses;
  };
  fixedPoints = {
    extended = builtins.removeAttrs ((lib.makeExtensible (self: { a = 1; b = self.a + 1; })).extend (self: super: { a = super.a + 10; })) [ "extend" "__unfix__" ];
    composed = lib.fix (lib.extends (lib.composeManyExtensions [
      (self: super: { x = super.x + 1; })
      (self: super: { y = self.x * 2; })
    ]) (self: { x = 1; y = 0; }));
    libExtended = (lib.extend (self: super: { answer = super.trivial.pipe 6 [ (x: x * 7) ]; })).answer;
  };
  customisation = {
    overrideArgs = ((lib.makeOverridable ({ a, b ? 2 }: { sum = a + b; }) { a = 1; }).override { b = 10; }).sum;
    overrideFn = ((lib.makeOverridable ({ a }: { v = a; }) { a = 1; }).override (old: { a = old.a + 1; })).v;
    functor = lib.functionArgs (lib.setFunctionArgs (x: x) { y = true; });
    callPackage = (pkgs.callPackage ({ zlib, curl ? null, nonexistent ? 3 }: [ zlib.pname (curl != null) nonexistent ]) { });
    scope = (pkgs.python3Packages.overrideScope (s: p: { marker = "overridden"; })).marker;
    zlibStaticOutputs = pkgs.zlibStatic.outputs;
    curlMinimalFlags = pkgs.curlMinimal.drvAttrs.configureFlags;
    curlOld = pkgs.curlOld.name;
  };
  meta = lib.mapAttrs
    (n: p: {
      inherit (p) name;
      version = lib.getVersion p;
      license = p.meta.license.spdxId or null;
      outputsToInstall = p.meta.outputsToInstall or null;
      available = p.meta.available or null;
      maintainers = map (m: m.email) (p.meta.maintainers or [ ]);
      description = lib.substring 0 20 (p.meta.description or "");
      deps = lib.concatStringsSep "," (depNames p);
    })
    (lib.filterAttrs (n: v: lib.isDerivation v) (builtins.removeAttrs pkgs [ "pkgsMusl" ]));
}
