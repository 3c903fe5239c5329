# with structured attributes, the old output-check attributes do nothing
# and each one gets a warning
let
  drv = builtins.derivationStrict {
    name = "legacy-checks";
    system = "x86_64-linux";
    builder = "/bin/sh";
    __structuredAttrs = true;
    maxSize = 10;
    allowedReferences = [ ];
    disallowedRequisites = [ ];
    env = { };
  };
in
builtins.stringLength drv.out
