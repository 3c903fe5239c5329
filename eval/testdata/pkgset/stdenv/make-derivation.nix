# mkDerivation: attributes (or a function of the final attributes, for
# overrideAttrs) to a derivation with outputs, passthru and meta.
{ lib, stdenv, config }:
let
  inherit (lib) optional optionals optionalString concatMapStringsSep
    flatten unique getDev getLib isDerivation;

  # checkMeta adds what users of meta read: availability and the outputs
  # to install.
  checkMeta = attrs: meta:
    let
      license = meta.license or lib.licenses.mit;
      licenses = lib.toList license;
      unfree = lib.any (l: !(l.free or true)) licenses;
      platformOk = builtins.elem stdenv.system (meta.platforms or lib.platforms.all);
      allowUnfree = config.allowUnfree or false;
    in
    meta // {
      name = attrs.name or "${attrs.pname}-${attrs.version}";
      available = platformOk && !meta.broken or false && (allowUnfree || !unfree);
      unfree = unfree;
      outputsToInstall = meta.outputsToInstall or
        lib.take 1 (lib.subtractLists [ "dev" "doc" "man" ] (attrs.outputs or [ "out" ]));
      position = null;
    };

  # The environment the builder sees.
  makeDerivationArgs = attrs:
    let
      name = attrs.name or "${attrs.pname}-${attrs.version}";
      nativeBuildInputs = attrs.nativeBuildInputs or [ ];
      buildInputs = attrs.buildInputs or [ ];
      propagatedBuildInputs = attrs.propagatedBuildInputs or [ ];
      allInputs = flatten [ nativeBuildInputs buildInputs propagatedBuildInputs ];
      propagatedClosure = lib.closeOver (d: d.outPath) (d: d.propagatedBuildInputs' or [ ])
        (builtins.filter isDerivation allInputs);
      hardening = lib.subtractLists (attrs.hardeningDisable or [ ]) [ "fortify" "stackprotector" "pic" "format" ];
      cflags = stdenv.drvAttrs.cflags ++ map (f: "-D_HARDEN_${lib.toUpper f}") hardening
        ++ map (d: "-I${getDev d}/include") propagatedClosure;
    in
    builtins.removeAttrs attrs [ "meta" "passthru" "pos" "hardeningDisable" "checkInputs" "__finalAttrs" ]
    // {
      inherit name;
      system = stdenv.system;
      builder = attrs.realBuilder or stdenv.shell;
      args = attrs.args or [ "-e" (attrs.builder or ./default-builder.sh) ];
      stdenv = stdenv;
      outputs = attrs.outputs or [ "out" ];
      nativeBuildInputs = map getDev nativeBuildInputs;
      buildInputs = map getDev buildInputs
        ++ optionals (attrs.doCheck or false) (attrs.checkInputs or [ ]);
      propagatedBuildInputs = map getDev propagatedBuildInputs;
      NIX_CFLAGS_COMPILE = lib.concatStringsSep " " cflags;
      NIX_LDFLAGS = concatMapStringsSep " " (d: "-L${getLib d}/lib") propagatedClosure;
      configureFlags = (attrs.configureFlags or [ ])
        ++ optional (stdenv.variant == "musl") "--disable-shared";
      doCheck = attrs.doCheck or false;
      enableParallelBuilding = attrs.enableParallelBuilding or true;
    }
    // lib.optionalAttrs (attrs ? patches) {
      patches = attrs.patches;
    };

  # makeDerivationExtensible rattrs: the package of the fixed point of
  # rattrs (finalAttrs: attrs), with overrideAttrs layering on it.
  makeDerivationExtensible = rattrs:
    let
      args = rattrs (args // { inherit finalPackage overrideAttrs; });
      finalPackage = mkPackage args overrideAttrs;
      overrideAttrs = f0:
        let
          f = self: super:
            let x = f0 super; in
            if builtins.isFunction x then f0 self super else x;
        in
        makeDerivationExtensible (self: let super = rattrs self; in super // f self super);
    in
    finalPackage;

  mkPackage = attrs: overrideAttrs:
    let
      drvAttrs = makeDerivationArgs attrs;
      meta = checkMeta attrs (attrs.meta or { });
      drv = derivation drvAttrs;
      passthru = attrs.passthru or { };
      propagated = flatten (attrs.propagatedBuildInputs or [ ]);
      # An unavailable package evaluates, but its paths throw.
      unavailable = throw "package ${meta.name} is not available (unfree or broken)";
      broken = d: d // { drvPath = unavailable; outPath = unavailable; };
      checked = if meta.available then drv
        else broken drv // lib.genAttrs drv.outputs (o: broken drv.${o});
    in
    lib.extendDerivation checked (passthru // {
      inherit meta overrideAttrs passthru drvAttrs;
      propagatedBuildInputs' = builtins.filter isDerivation propagated;
      ${if attrs ? pname then "pname" else null} = attrs.pname;
      ${if attrs ? version then "version" else null} = attrs.version;
    });
in
fnOrAttrs:
if builtins.isFunction fnOrAttrs
then makeDerivationExtensible fnOrAttrs
else makeDerivationExtensible (_: fnOrAttrs)
