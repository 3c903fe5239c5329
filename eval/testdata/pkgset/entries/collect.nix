# collect pkgs: for every derivation in pkgs and in the sets it recurses
# into (and their passthru.tests), "attr.path" = { drvPath; outputs; } or
# "unavailable" when its paths throw (unfree, broken).
pkgs:
let
  inherit (pkgs) lib;

  describe = v:
    let r = builtins.tryEval v.drvPath; in
    if r.success
    then {
      drvPath = r.value;
      outputs = lib.genAttrs (v.outputs or [ "out" ]) (o: v.${o}.outPath);
    }
    else "unavailable";

  tests = path: v:
    lib.mapAttrsToList (n: t: lib.nameValuePair "${path}.tests.${n}" (describe t))
      (lib.filterAttrs (n: t: lib.isDerivation t) (v.tests or { }));

  visit = prefix: set:
    lib.concatMap
      (name:
        let
          v = set.${name};
          path = prefix + name;
        in
        if lib.isDerivation v then [ (lib.nameValuePair path (describe v)) ] ++ tests path v
        else if builtins.isAttrs v && v.recurseForDerivations or false then visit "${path}." v
        else [ ])
      (builtins.attrNames set);
in
builtins.listToAttrs (visit "" pkgs)
