# Overridable functions, callPackage and scopes.
{ lib }:
rec {
  # makeOverridable f args is f args with `override` (new arguments,
  # a set or a function of the old ones) and, for derivations,
  # `overrideDerivation` and `overrideAttrs` that stay overridable.
  makeOverridable = f: origArgs:
    let
      result = f origArgs;
      overrideWith = newArgs:
        origArgs // (if lib.isFunction newArgs then newArgs origArgs else newArgs);
      overrideResult = g: makeOverridable (args: g (f args)) origArgs;
      override = newArgs: makeOverridable f (overrideWith newArgs);
    in
    if builtins.isAttrs result then
      result // {
        inherit override;
        overrideDerivation = fdrv: overrideResult (x: overrideDerivation x fdrv);
        ${if result ? overrideAttrs then "overrideAttrs" else null} =
          fdrv: overrideResult (x: x.overrideAttrs fdrv);
      }
    else if lib.isFunction result then
      lib.setFunctionArgs result (lib.functionArgs result) // { inherit override; }
    else result;

  # callPackageWith autoArgs fn args calls fn (a function or a file) with
  # the arguments it names taken from autoArgs, overridden by args.
  callPackageWith = autoArgs: fn: args:
    let
      f = if lib.isFunction fn then fn else import fn;
      fargs = lib.functionArgs f;
      allArgs = builtins.intersectAttrs fargs autoArgs // args;
      missing = lib.filterAttrs (name: hasDefault: !hasDefault)
        (builtins.removeAttrs fargs (builtins.attrNames allArgs));
    in
    if missing == { } then makeOverridable f allArgs
    else abort "callPackage: ${toString fn} needs ${builtins.concatStringsSep ", " (builtins.attrNames missing)}";

  # callPackagesWith is callPackageWith for a function returning a set of
  # packages, each overridable on its own.
  callPackagesWith = autoArgs: fn: args:
    let
      f = if lib.isFunction fn then fn else import fn;
      auto = builtins.intersectAttrs (lib.functionArgs f) autoArgs;
      origArgs = auto // args;
      pkgs = f origArgs;
      mkAttrOverridable = name: _: makeOverridable (newArgs: (f newArgs).${name}) origArgs;
    in
    builtins.mapAttrs mkAttrOverridable pkgs;

  # makeScope newScope f: a package set whose callPackage sees its own
  # members first, with overrideScope taking an overlay.
  makeScope = newScope: f:
    let
      self = f self // {
        newScope = scope: newScope (self // scope);
        callPackage = self.newScope { };
        overrideScope = g: makeScope newScope (lib.extends g f);
        packages = f;
      };
    in
    self;

  # overrideDerivation drv f re-makes drv from its derivation attributes
  # updated by f.
  overrideDerivation = drv: f:
    let
      newDrv = derivation (drv.drvAttrs // (f drv));
    in
    newDrv // {
      meta = drv.meta or { };
      passthru = drv.passthru or { };
    } // (drv.passthru or { });

  # extendDerivation drv extra: drv with extra in it and in every output.
  extendDerivation = drv: extra:
    let
      outputs = drv.outputs or [ "out" ];
      commonAttrs = drv // builtins.listToAttrs outputsList // { all = map (x: x.value) outputsList; } // extra;
      outputToAttrListElement = outputName: {
        name = outputName;
        value = commonAttrs // {
          inherit (drv.${outputName}) type outputName outPath drvPath;
          outputSpecified = true;
        };
      };
      outputsList = map outputToAttrListElement outputs;
    in
    commonAttrs // { outputUnspecified = true; };
}
