# The package set's library: one extensible fixed point of its parts, each
# of which reaches the others through `lib`.
let
  fixedPoints = import ./fixed-points.nix { lib = null; };
in
fixedPoints.makeExtensible (self:
  let
    callLibs = file: import file { lib = self; };
  in
  {
    trivial = callLibs ./trivial.nix;
    fixedPoints = callLibs ./fixed-points.nix;
    lists = callLibs ./lists.nix;
    strings = callLibs ./strings.nix;
    attrsets = callLibs ./attrsets.nix;
    versions = callLibs ./versions.nix;
    customisation = callLibs ./customisation.nix;
    licenses = callLibs ./licenses.nix;
    platforms = callLibs ./platforms.nix;
    maintainers = callLibs ./maintainers.nix;

    inherit (self.trivial) id const flip pipe boolToString mergeAttrs min max mod
      functionArgs setFunctionArgs isFunction importJSON warnIf toHexString;
    inherit (self.fixedPoints) fix fix' extends composeExtensions
      composeManyExtensions makeExtensible;
    inherit (self.lists) foldl' foldr foldl concatMap flatten optional optionals
      toList range imap0 imap1 unique last init take drop sublist reverseList
      count findFirst zipListsWith zipLists subtractLists intersectLists remove
      closeOver toposort sortOn groupBy' head tail length elemAt elem any all
      filter partition;
    inherit (self.strings) concatStrings concatStringsSep concatMapStrings
      concatMapStringsSep concatImapStringsSep intersperse optionalString
      hasPrefix hasSuffix removePrefix removeSuffix stringToCharacters
      splitString escapeRegex escape toUpper toLower escapeShellArg
      escapeShellArgs makeSearchPath makeSearchPathOutput makeBinPath
      makeLibraryPath versionOlder versionAtLeast getName getVersion
      nameFromURL fixedWidthString fixedWidthNumber enableFeature
      withFeature withFeatureAs trim replaceStrings hasInfix stringLength
      substring;
    inherit (self.attrsets) nameValuePair mapAttrs mapAttrs' mapAttrsToList
      filterAttrs genAttrs attrByPath hasAttrByPath setAttrByPath
      getAttrFromPath attrVals attrValues attrNames collect recursiveUpdate
      recursiveUpdateUntil zipAttrsWith foldAttrs optionalAttrs isDerivation
      getOutput getBin getLib getDev recurseIntoAttrs
      cartesianProductOfSets listToAttrs intersectAttrs;
    inherit (self.customisation) makeOverridable callPackageWith
      callPackagesWith makeScope overrideDerivation extendDerivation;
  })
