# Fixed points and extensions: the self/super machinery of the package set.
{ lib }:
rec {
  # fix f is the x with x = f x (lazily).
  fix = f: let x = f x; in x;

  # fix' is fix, remembering the function in __unfix__.
  fix' = f: let x = f x // { __unfix__ = f; }; in x;

  # extends f rattrs layers the overlay f (self: super: …) over rattrs.
  extends = f: rattrs: self:
    let super = rattrs self; in super // f self super;

  # composeExtensions g after f, as one overlay.
  composeExtensions = f: g: final: prev:
    let
      fApplied = f final prev;
      prev' = prev // fApplied;
    in
    fApplied // g final prev';

  composeManyExtensions = builtins.foldl' composeExtensions (final: prev: { });

  # makeExtensible rattrs is fix rattrs with an `extend` function that
  # takes one more overlay.
  makeExtensible = makeExtensibleWithCustomName "extend";

  makeExtensibleWithCustomName = extenderName: rattrs:
    fix' (self: rattrs self // {
      ${extenderName} = f: makeExtensibleWithCustomName extenderName (extends f rattrs);
    });
}
