# Functions on attribute sets and derivations.
{ lib }:
let
  inherit (builtins) attrNames listToAttrs isAttrs head tail length elemAt;
in
rec {
  inherit (builtins) attrNames attrValues listToAttrs hasAttr getAttr
    intersectAttrs removeAttrs mapAttrs catAttrs;

  nameValuePair = name: value: { inherit name value; };

  mapAttrs' = f: set: listToAttrs (map (attr: f attr set.${attr}) (attrNames set));

  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);

  filterAttrs = pred: set:
    listToAttrs (lib.lists.concatMap
      (name: let v = set.${name}; in if pred name v then [ (nameValuePair name v) ] else [ ])
      (attrNames set));

  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);

  attrByPath = attrPath: default: set:
    if attrPath == [ ] then set
    else
      let attr = head attrPath; in
      if set ? ${attr}
      then attrByPath (tail attrPath) default set.${attr}
      else default;

  hasAttrByPath = attrPath: e:
    if attrPath == [ ] then true
    else
      let attr = head attrPath; in
      if e ? ${attr} then hasAttrByPath (tail attrPath) e.${attr} else false;

  setAttrByPath = attrPath: value:
    if attrPath == [ ] then value
    else { ${head attrPath} = setAttrByPath (tail attrPath) value; };

  getAttrFromPath = attrPath: set:
    attrByPath attrPath
      (abort "cannot find attribute '${builtins.concatStringsSep "." attrPath}'")
      set;

  attrVals = nameList: set: map (x: set.${x}) nameList;

  collect = pred: attrs:
    if pred attrs then [ attrs ]
    else if isAttrs attrs then lib.lists.concatMap (collect pred) (builtins.attrValues attrs)
    else [ ];

  # zipAttrsWith f sets: f name [values of name in sets], written out for
  # the Nix versions without the builtin.
  zipAttrsWith = builtins.zipAttrsWith or (f: sets:
    let names = lib.lists.unique (lib.lists.concatMap attrNames sets); in
    listToAttrs (map (name: nameValuePair name (f name (builtins.catAttrs name sets))) names));

  recursiveUpdateUntil = pred: lhs: rhs:
    let
      f = attrPath:
        zipAttrsWith (n: values:
          let here = attrPath ++ [ n ]; in
          if length values == 1 || pred here (elemAt values 1) (head values)
          then head values
          else f here values);
    in
    f [ ] [ rhs lhs ];

  recursiveUpdate = recursiveUpdateUntil (path: lhs: rhs: !(isAttrs lhs && isAttrs rhs));

  # foldAttrs op nul sets folds every name's values, from the last set.
  foldAttrs = op: nul: sets:
    builtins.foldl'
      (acc: set: acc // builtins.mapAttrs (name: value: op value (acc.${name} or nul)) set)
      { }
      (lib.lists.reverseList sets);

  optionalAttrs = cond: as: if cond then as else { };

  isDerivation = value: value.type or null == "derivation";

  getOutput = output: pkg:
    if !(pkg ? outputSpecified) || !pkg.outputSpecified
    then pkg.${output} or pkg.out or pkg
    else pkg;

  getBin = getOutput "bin";
  getLib = getOutput "lib";
  getDev = getOutput "dev";

  recurseIntoAttrs = attrs: attrs // { recurseForDerivations = true; };

  cartesianProductOfSets = attrsOfLists:
    builtins.foldl'
      (listOfAttrs: attrName:
        lib.lists.concatMap
          (attrs: map (listValue: attrs // { ${attrName} = listValue; }) attrsOfLists.${attrName})
          listOfAttrs)
      [ { } ]
      (attrNames attrsOfLists);
}
